/**
 * Text report of a matrix run: one row per extension subset, one column per
 * program@toolchain, then one line per failing cell, then "N passed, N failed".
 *
 *   cell marks: ok | BUILD (compile/link failed) | XLATE (transpiler refused the ELF) |
 *               RUN (did not halt) | WRONG (halted, wrong answer) | n/a (toolchain unusable)
 */
import type { Extension } from "../../toolchains/extensions.ts";
import { extensionsLabel } from "../../toolchains/extensions.ts";
import { formatRows } from "../table-format.ts";
import { subsetLabel } from "./plan.ts";
import type { CellOutcome, CellStage } from "./run-cell.ts";

const MARK: Record<CellStage, string> = {
  ok: "ok",
  build: "BUILD",
  translate: "XLATE",
  run: "RUN",
  answer: "WRONG",
  unusable: "n/a",
};

/** `N passed, N failed` over the outcomes; each extra problem counts as one failure. */
export function summaryLine(outcomes: CellOutcome[], problems: string[] = []): string {
  const passed = outcomes.filter((o) => o.passed).length;
  return `${passed} passed, ${outcomes.length - passed + problems.length} failed`;
}

/**
 * The whole report (without a trailing newline). `problems` are failures outside the
 * cells (a reference that disagrees with workload.json).
 */
export function formatMatrixReport(outcomes: CellOutcome[], subsets: Extension[][], problems: string[] = []): string {
  const columns: string[] = [];
  for (const o of outcomes) {
    const c = `${o.program}@${o.toolchain}`;
    if (!columns.includes(c)) columns.push(c);
  }
  const by = new Map(outcomes.map((o) => [`${o.program}@${o.toolchain}|${o.extensions}`, o]));
  const rows = subsets.map((s) => {
    const row: Record<string, string> = { extensions: subsetLabel(s) };
    for (const c of columns) {
      const o = by.get(`${c}|${extensionsLabel(s)}`);
      row[c] = o ? MARK[o.stage] : "";
    }
    return row;
  });
  const lines = [formatRows(rows)];
  const failed = outcomes.filter((o) => !o.passed);
  if (failed.length || problems.length) {
    lines.push("", "failures:");
    for (const p of problems) lines.push(`  reference: ${p}`);
    for (const o of failed) lines.push(`  ${o.program} ${o.toolchain} ext=${o.extensions}: ${MARK[o.stage]}: ${o.detail}`);
  }
  lines.push("", summaryLine(outcomes, problems));
  return lines.join("\n");
}
