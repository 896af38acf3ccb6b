/**
 * The bench table: one line per workload x backend with median run time, compile time
 * (apart), time / native, time / anan-as, gas, whether every answer was right, and a
 * note. A row without a number says why in the time column ("not available", "needs
 * kernel", "error", "wrong answer"): a missing measurement is never shown as zero.
 */
import { formatRows } from "../table-format.ts";
import type { BenchRow } from "./workloads.ts";

/** Milliseconds with a precision that suits the magnitude. */
export function formatMs(ns: number): string {
  const ms = ns / 1e6;
  return ms < 10 ? ms.toFixed(3) : ms < 1000 ? ms.toFixed(2) : ms.toFixed(0);
}

const sig3 = (x: number) => (x < 100 ? x.toPrecision(3) : x.toFixed(0));

/**
 * A time ratio: "12.3x" when at least 1, "1/477" below 1 (a JIT row takes a small
 * fraction of anan-as's time, which reads better inverted); "-" when there is none.
 */
export function formatRatio(r: number | null): string {
  if (r === null) return "-";
  // below 1 but within rounding of it, "1/1.00" would read oddly: keep "0.996x"
  return r >= 1 || 1 / r < 1.005 ? `${sig3(r)}x` : `1/${sig3(1 / r)}`;
}

const WHY: Record<BenchRow["status"], string> = {
  ok: "",
  "gas-mismatch": "",
  "not-available": "not available",
  "needs-kernel": "needs kernel",
  "wrong-answer": "wrong answer",
  error: "error",
};

/** The table's cells, column name -> text, in display order. */
export function tableCells(rows: BenchRow[]): Record<string, string>[] {
  return rows.map((r) => ({
    workload: r.workload,
    backend: r.backend,
    "median ms": r.median_ns !== null ? formatMs(r.median_ns) : WHY[r.status] || "-",
    "compile ms": r.compile_ns !== null ? formatMs(r.compile_ns) : "-",
    "x native": formatRatio(r.ratio_native),
    "x anan-as": formatRatio(r.ratio_anan_as),
    gas: r.gas ?? "-",
    correct: r.correct === null ? "-" : r.correct ? "yes" : "NO",
    note: r.note ?? "",
  }));
}

/** The table as text (markdown pipe syntax, aligned). */
export function formatBenchTable(rows: BenchRow[]): string {
  return formatRows(tableCells(rows));
}

/** Explains the columns under the table (for bench-latest.md and the HTML report). */
export const COLUMN_NOTES = [
  "median ms: median wall time of one run (fresh instance made before the clock starts); every run's answer checked.",
  "compile ms: making the loaded program runnable (our JIT/interpreter compile, WebAssembly.Module, anan-as prepareProgram + pvmStart); '-' for native (compiled ahead of time).",
  "x native, x anan-as: median divided by the native anchor's, and by anan-as's, on the same workload (1/N: N times less time).",
  "gas: gas used by one run; interpreter and jit (JAR v2 blob, jar profile, pipeline gas) must agree, as must interpreter:gp, jit:gp (GP blob, gp-0.7, 1 per instruction); anan-as runs the GP blob too.",
];

/**
 * The table as a markdown document (for results/bench-latest.md, which the README's
 * performance section quotes): when, the command, the machine, the table, the notes.
 */
export function benchMarkdown(rows: BenchRow[], machine: string, when: Date, command: string): string {
  return [
    "# pvm-lab bench",
    "",
    `Measured ${when.toISOString()} with \`${command}\` on ${machine}.`,
    "",
    formatBenchTable(rows),
    "",
    ...COLUMN_NOTES.map((n) => `- ${n}`),
    "- Host environment (lab/host.ts): ecalli 0 is the no-op host call, 1 writes a log, 255 (REPLY) ends the run; any other index stops it.",
    "",
  ].join("\n");
}
