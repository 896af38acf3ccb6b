/**
 * The workload benchmark (`bun lab bench [workloads...]`): every guest workload, built
 * with the best-known configuration, run on each bench target (our backends and the
 * anchors: native, wasm32, anan-as; target.ts) in one process run.
 *
 * For each workload and target: prepare (build, load, compile: the compile time is
 * reported apart), one checked warm-up run, then timed runs (sampling.ts), each checked:
 * status halt and φ7 (or the entry's return value) equal to workload.json's "expected",
 * gas equal to the first run's. Afterwards, per blob, every target that meters gas must
 * report the same gas as the others (interpreter vs JIT: a difference fails the run;
 * anan-as: noted), and each median is divided by the native and anan-as medians.
 *
 * A target that cannot run a workload gives a row "not available" with the reason, never
 * a number; a workload that needs the capability kernel is built (so a broken build
 * still fails) and listed as "needs kernel".
 */
import { buildBlob } from "../pipeline.ts";
import type { BuildConfig } from "../sweep/config.ts";
import { type SamplingOptions, median, sampleRuns } from "./sampling.ts";
import { type BenchTarget, NotAvailable, type Outcome, type PreparedTarget } from "./target.ts";
import type { BenchWorkload } from "./workload-info.ts";

export type RowStatus = "ok" | "wrong-answer" | "gas-mismatch" | "not-available" | "needs-kernel" | "error";

/** One workload on one target; the JSON shape of `bun lab bench --json` (ARCHITECTURE.md). */
export interface BenchRow {
  workload: string;
  backend: string;
  status: RowStatus;
  /** median time of one run, ns */
  median_ns: number | null;
  /** time to make the loaded program runnable, ns (null: compiled ahead of time, or no run) */
  compile_ns: number | null;
  /** gas used by one run (exact decimal), for targets that meter gas */
  gas: string | null;
  /** answer (and gas) checked on every run: true; a wrong one: false; not run: null */
  correct: boolean | null;
  /** timed runs behind the median */
  samples: number;
  /** median / native median */
  ratio_native: number | null;
  /** median / anan-as median */
  ratio_anan_as: number | null;
  /** why there is no number, or what else a reader must know */
  note?: string;
  /** every timed run, ns (stored in the database; left out of --json) */
  samples_ns?: number[];
}

/** The ids of the anchors the ratios divide by. */
export const NATIVE = "native";
export const ANAN_AS = "anan-as";

/** A run that broke the workload's contract (wrong answer, changed gas). */
class WrongAnswer extends Error {}

/** Why `o` is not the expected answer, or undefined when it is. */
export function answerProblem(o: Outcome, expected: bigint): string | undefined {
  if (o.status !== "halt") return `ended with ${o.status} instead of halt`;
  if (o.result !== expected) return `returned ${o.result}, expected ${expected}`;
  return undefined;
}

function emptyRow(workload: string, backend: string, status: RowStatus = "ok"): BenchRow {
  return { workload, backend, status, median_ns: null, compile_ns: null, gas: null, correct: null, samples: 0, ratio_native: null, ratio_anan_as: null };
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0]!;

/** One untimed run: set-up, run, teardown. */
function runOnce(p: PreparedTarget): Outcome {
  const x = p.timed.setup();
  try {
    return p.timed.run(x);
  } finally {
    p.timed.teardown?.(x);
  }
}

/** Prepares, checks and times `w` on `t`; never throws (failures become the row's status). */
async function benchTarget(w: BenchWorkload, t: BenchTarget, opts: WorkloadBenchOptions): Promise<BenchRow> {
  const row = emptyRow(w.name, t.id);
  let p: PreparedTarget;
  try {
    p = await t.prepare(w);
  } catch (e) {
    row.status = e instanceof NotAvailable ? "not-available" : "error";
    row.note = firstLine(e);
    return row;
  }
  try {
    row.compile_ns = p.compileNs;
    const first = runOnce(p);
    row.gas = first.gas?.toString() ?? null;
    const why = answerProblem(first, w.expected);
    if (why) throw new WrongAnswer(why);
    row.correct = true;
    if (opts.checkOnly) return row;
    const samples = sampleRuns(
      p.timed,
      (o, i) => {
        const bad = answerProblem(o, w.expected) ?? (o.gas !== first.gas ? `gas ${o.gas}, first run ${first.gas}` : undefined);
        if (bad) throw new WrongAnswer(`timed run ${i + 1}: ${bad}`);
      },
      opts,
    );
    row.median_ns = median(samples);
    row.samples = samples.length;
    row.samples_ns = samples;
  } catch (e) {
    row.status = e instanceof WrongAnswer ? "wrong-answer" : "error";
    if (e instanceof WrongAnswer) row.correct = false;
    row.note = e instanceof WrongAnswer ? `wrong answer: ${e.message}` : firstLine(e);
  } finally {
    p.dispose?.();
  }
  return row;
}

/**
 * Gas agreement per blob: the first strict target's gas is the reference; a strict target
 * that differs fails (gas-mismatch), a non-strict one gets a note.
 */
export function checkGas(rows: BenchRow[], targets: BenchTarget[]): void {
  const byId = new Map(targets.map((t) => [t.id, t]));
  for (const blob of ["jar", "gp"] as const) {
    const group = rows.filter((r) => r.gas !== null && r.correct && byId.get(r.backend)?.gasCheck?.blob === blob);
    const ref = group.find((r) => byId.get(r.backend)!.gasCheck!.strict);
    if (!ref) continue;
    for (const r of group) {
      if (r.gas === ref.gas) continue;
      if (byId.get(r.backend)!.gasCheck!.strict) {
        r.status = "gas-mismatch";
        r.correct = false;
        r.note = `gas differs on the ${blob} blob: ${ref.backend} ${ref.gas}, ${r.backend} ${r.gas}`;
      } else {
        r.note = `gas differs from ${ref.backend} (${ref.gas})`;
      }
    }
  }
}

/** Fills in each row's ratio to the native and anan-as medians of the same workload. */
export function addRatios(rows: BenchRow[]): void {
  const anchor = (id: string) => rows.find((r) => r.backend === id && r.status === "ok" && r.median_ns !== null)?.median_ns ?? null;
  const native = anchor(NATIVE);
  const anan = anchor(ANAN_AS);
  for (const r of rows) {
    if (r.median_ns === null) continue;
    r.ratio_native = native ? r.median_ns / native : null;
    r.ratio_anan_as = anan ? r.median_ns / anan : null;
  }
}

export interface WorkloadBenchOptions extends SamplingOptions {
  /** one checked run per target, no timing (median_ns stays null) */
  checkOnly?: boolean;
  /** one line per finished row (progress on stderr) */
  progress?: (line: string) => void;
}

/** Benchmarks `w` on every target in order; the rows come back in the same order. */
export async function benchWorkload(w: BenchWorkload, targets: BenchTarget[], config: BuildConfig, opts: WorkloadBenchOptions = {}): Promise<BenchRow[]> {
  if (w.requires === "kernel") {
    const row = emptyRow(w.name, "all", "needs-kernel");
    try {
      const blob = await buildBlob(w.name, config, "jar");
      row.note = `needs kernel (CREATE/CALL/REPLY between VMs); the JAR v2 blob builds (${blob.stats.pvmInstructions} PVM instructions)`;
    } catch (e) {
      row.status = "error";
      row.note = firstLine(e);
    }
    opts.progress?.(`${w.name}: ${row.note}`);
    return [row];
  }
  const rows: BenchRow[] = [];
  for (const t of targets) {
    const row = await benchTarget(w, t, opts);
    rows.push(row);
    const what =
      row.median_ns !== null ? `${(row.median_ns / 1e6).toFixed(3)} ms (${row.samples} runs)` : row.status === "ok" ? `answer right${row.gas ? `, gas ${row.gas}` : ""}` : `${row.status}: ${row.note ?? ""}`;
    opts.progress?.(`${w.name} on ${t.id}: ${what}`);
  }
  checkGas(rows, targets);
  addRatios(rows);
  return rows;
}

/** True when a row makes the bench fail (exit status 1). */
export function rowFailed(r: BenchRow): boolean {
  return r.status === "wrong-answer" || r.status === "gas-mismatch" || r.status === "error";
}
