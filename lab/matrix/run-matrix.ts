/**
 * Runs a whole matrix: references first (one native build per C program), then every
 * cell in order. Cells run one at a time: each build already uses every core, and a
 * sequential order keeps one toolchain's caches (core, sysroot) warm across subsets.
 */
import { TOOLCHAIN_DEFS } from "../../toolchains/common.ts";
import type { Extension } from "../../toolchains/extensions.ts";
import { listToolchains, type ToolchainInfo } from "../../toolchains/registry.ts";
import { type MatrixProgram, planCells } from "./plan.ts";
import { type ProgramReference, programReference } from "./reference.ts";
import { type CellOutcome, type RunCellOptions, runCell } from "./run-cell.ts";

export interface MatrixOptions extends RunCellOptions {
  programs: MatrixProgram[];
  /** Toolchain names; default every toolchain the registry lists. */
  toolchains?: string[];
  subsets: Extension[][];
  /** Called after each cell (progress). */
  onCell?: (o: CellOutcome, index: number, total: number) => void;
  log?: (s: string) => void;
}

export interface MatrixResult {
  outcomes: CellOutcome[];
  references: Map<string, ProgramReference>;
  /** Toolchains left out of the default selection (unusable rustup toolchains). */
  skipped: ToolchainInfo[];
}

/**
 * Resolves toolchain names against the registry; unknown names become unusable entries
 * (their cells fail). Without names: the lab's own four toolchains whatever their state
 * (an unusable one fails its cells), plus the usable rustup toolchains; unusable rustup
 * toolchains are returned as `skipped` (the user never asked for them).
 */
export async function selectToolchains(names?: string[]): Promise<{ selected: ToolchainInfo[]; skipped: ToolchainInfo[] }> {
  const all = await listToolchains();
  if (!names) {
    const own = (t: ToolchainInfo) => TOOLCHAIN_DEFS.some((d) => d.name === t.name);
    return { selected: all.filter((t) => own(t) || t.usable), skipped: all.filter((t) => !own(t) && !t.usable) };
  }
  const selected = names.map(
    (n): ToolchainInfo =>
      all.find((t) => t.name === n) ?? {
        name: n,
        version: "?",
        usable: false,
        reason: `unknown toolchain (known: ${all.map((t) => t.name).join(", ")})`,
        kind: n.startsWith("clang-") ? "apt-clang" : "rustup",
      },
  );
  return { selected, skipped: [] };
}

export async function runMatrix(opts: MatrixOptions): Promise<MatrixResult> {
  const { selected, skipped } = await selectToolchains(opts.toolchains);
  const cells = planCells(opts.programs, selected, opts.subsets);
  const references = new Map<string, ProgramReference>();
  for (const p of new Set(cells.map((c) => c.program))) references.set(p.name, await programReference(p, opts.log));
  const outcomes: CellOutcome[] = [];
  for (const [i, cell] of cells.entries()) {
    const o = await runCell(cell, references.get(cell.program.name)!.ref, opts);
    outcomes.push(o);
    opts.onCell?.(o, i, cells.length);
  }
  return { outcomes, references, skipped };
}
