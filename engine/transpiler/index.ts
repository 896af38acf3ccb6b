/**
 * engine/transpiler: RISC-V rv64em ELF → PVM program (GP standard program and JAR v2).
 *
 *   parseElf → linkView (one address space for REL and DYN) → layoutData (GP A.7)
 *   → decodeText (RV64IM + C, Zba, Zbb, Zbs, Zicond) → relocations: data
 *     (planDataRelocations) and code (analyzeTextRelocations, computeRoles) → scanText
 *     (leaders, jump table) → applyDataFixes → lowerText (per instruction, lower/)
 *   → buildProgram (CFG, passes/cfg.ts) → the selected optimisation passes (passes/)
 *   → flatten → assemble (relaxed offsets) → buildContainers
 *
 * Register map: x1→φ0, x2→φ1, x5..x15→φ2..φ12 (riscv/registers.ts). Code addresses the
 * program holds as values become jump-table addresses (jump-table.ts). The run starts at
 * pc 0 in the entry function with φ0 = the halt address; its return halts with a0 in φ7.
 */
import { FormatError } from "../errors.ts";
import type { IsaProfile } from "../isa/index.ts";
import type { CodeBlob } from "../program/code-blob.ts";
import type { JarBlob } from "../program/jar-blob.ts";
import type { StandardProgram } from "../program/standard-program.ts";
import { assemble } from "./assemble.ts";
import { buildContainers } from "./containers.ts";
import { dataPages, layoutData } from "./data-layout.ts";
import { applyDataFixes, planDataRelocations } from "./data-relocs.ts";
import { parseElf } from "./elf/elf-file.ts";
import { findSymbol } from "./elf/symbols.ts";
import { JumpTableBuilder } from "./jump-table.ts";
import { type LinkView, linkView, symbolAddress } from "./link-view.ts";
import { lowerText } from "./lower/lower-text.ts";
import { type Program, buildProgram, flatten } from "./passes/cfg.ts";
import { type PassName, type PassReport, runPasses } from "./passes/pass.ts";
import { computeRoles } from "./roles.ts";
import { scanText } from "./scan.ts";
import { Resolver } from "./targets.ts";
import { analyzeTextRelocations } from "./text-relocs.ts";
import { type TextImage, decodeText } from "./text.ts";

export interface TranspileOptions {
  /** entry function symbol; default: the ELF's e_entry (required for object files) */
  entry?: string;
  /** stack size in bytes; default 1 MiB */
  stackSize?: number;
  /** zero heap pages after RW data and BSS; default 0 */
  heapPages?: number;
  /** file name for error messages; default "ELF" */
  file?: string;
  /** opcode numbering of the output; default gp-0.7 (the code uses no profile-specific opcode) */
  profile?: IsaProfile;
  /** optimisation passes to run (passes/pass.ts); default none */
  passes?: readonly PassName[];
}

export interface TranspileStats {
  /** RISC-V instructions decoded (all code sections) */
  rvInstructions: number;
  /** PVM instructions emitted */
  pvmInstructions: number;
  /** code bytes |c| */
  codeBytes: number;
  jumpTableEntries: number;
  /** what each selected pass did, in the order they ran */
  passes: PassReport[];
  /** pages spanned by RO data and by RW data + BSS (the layout pass may place data to use fewer) */
  dataPages: { ro: number; rw: number };
  /** dataPages with data in address order, for comparison */
  dataPagesByAddress: { ro: number; rw: number };
}

export interface TranspileResult {
  code: CodeBlob;
  standard: StandardProgram;
  jar: JarBlob;
  stats: TranspileStats;
}

export const DEFAULT_STACK_SIZE = 1 << 20;

function entryAddress(view: LinkView, text: TextImage, entry: string | undefined): number {
  const file = view.elf.file;
  let addr: number;
  if (entry !== undefined) {
    const sym = findSymbol(view.symbols, entry);
    if (!sym) throw new FormatError("invalid", `${file}: entry symbol`, -1, `no defined symbol named "${entry}"`);
    addr = symbolAddress(view, sym)!;
  } else {
    if (view.relocatable) throw new FormatError("invalid", `${file}: entry`, -1, "an object file has no entry point; name the entry function (--entry SYMBOL)");
    addr = view.elf.entry;
  }
  if (!text.index.has(addr)) {
    throw new FormatError("invalid", `${file}: entry${entry ? ` ${entry}` : " (e_entry)"}`, entry ? -1 : 24, `0x${addr.toString(16)} is not an instruction in a code section`);
  }
  return addr;
}

function checkCount(name: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${name} must be an integer in 0..${max} (got ${v})`);
  return v;
}

/**
 * Transpiles an rv64em ELF (PIE linked with --emit-relocs --no-relax, or an object file)
 * into a PVM program. Throws FormatError for malformed input and for anything it cannot
 * translate faithfully (naming the address and the instruction or relocation), and
 * RangeError for bad options.
 */
export function transpileElf(bytes: Uint8Array, opts: TranspileOptions = {}): TranspileResult {
  const profile = opts.profile ?? "gp-0.7";
  const stackSize = checkCount("stackSize", opts.stackSize ?? DEFAULT_STACK_SIZE, 2 ** 24 - 4096);
  const heapPages = checkCount("heapPages", opts.heapPages ?? 0, 2 ** 16 - 1);
  const passes = opts.passes ?? [];
  const view = linkView(parseElf(bytes, opts.file ?? "ELF"));
  const layout = layoutData(view, passes.includes("layout") ? "size" : "address");
  const text = decodeText(view);
  if (!text.instructions.length) throw new FormatError("invalid", `${view.elf.file}: code`, -1, "the file has no executable section");
  const jt = new JumpTableBuilder();
  const resolver = new Resolver(view, layout, text, jt);
  const entry = entryAddress(view, text, opts.entry);
  const fixes = planDataRelocations(view, layout, resolver);
  const relocs = analyzeTextRelocations(text, resolver);
  const roles = computeRoles(text, relocs);
  const leaders = scanText(text, relocs, roles, resolver, jt, entry);
  applyDataFixes(view, layout, resolver, fixes);
  const cx = { text, relocs, resolver, jt, roles, leaders };
  const { items, addrMap } = lowerText(cx, entry);
  const program = buildProgram(items, addrMap, jt.freeze());
  const measure = (p: Program) => {
    const f = flatten(p);
    return { ops: f.items.length, bytes: assemble(f.items, f.addrMap, f.jumpTable, profile).code.code.length };
  };
  const reports = runPasses(program, passes, measure);
  const flat = flatten(program);
  const { code } = assemble(flat.items, flat.addrMap, flat.jumpTable, profile);
  let containers;
  try {
    containers = buildContainers(code, layout, { stackSize, heapPages });
  } catch (e) {
    if (e instanceof RangeError) throw new FormatError("unsupported", `${view.elf.file}: memory layout`, -1, e.message);
    throw e;
  }
  const { standard, jar } = containers;
  return {
    code,
    standard,
    jar,
    stats: {
      rvInstructions: text.instructions.length,
      pvmInstructions: flat.items.length,
      codeBytes: code.code.length,
      jumpTableEntries: code.jumpTable.length,
      passes: reports,
      dataPages: dataPages(layout),
      dataPagesByAddress: passes.includes("layout") ? dataPages(layoutData(view, "address")) : dataPages(layout),
    },
  };
}
