/** `bun lab compare baseline [<run>]`: what a sweep's result is worth, measured now. */
import { existsSync } from "node:fs";
import { BACKEND_NAMES } from "../backends.ts";
import { type Command, UsageError, intOption, parseCommandArgs } from "../command.ts";
import { databasePath } from "../paths.ts";
import { readBest } from "../sweep/best.ts";
import { compareOnce, compareTable, startCompareRun, storeRepetition } from "../sweep/compare-configs.ts";
import { type Config, DEFAULT_CONFIG, configLabel } from "../sweep/config.ts";
import type { Experiment } from "../sweep/experiment.ts";
import { Interrupted, watchInterrupts } from "../sweep/interrupt.ts";
import { configById, openDatabase, runById, setRunStatus, storedTrials } from "../store/db.ts";
import { readWorkload, workloadNames } from "../workloads.ts";

const usage = `
bun lab compare baseline [<run>] [--backends interpreter,jit] [--workloads a,b]
                         [--threshold 0.05] [--rounds N] [--json]
bun lab compare --aa N [--backends jit] [--workloads a,b] [--threshold 0.05]

What the words mean:
  <run>      a sweep's run id (the "run" column of bun lab results); default: the
             newest sweep that finished at least one trial.
  baseline   that run's starting configuration (results/best.yaml with the
             experiment's pins, as it was when the run began).
  candidate  the best configuration the run reached: its last promoted trial, or the
             starting configuration itself when it promoted nothing (then this is an
             A/A comparison).
Both are built from the current tree and measured now, interleaved (ABAB rounds in one
process), on each workload of the run's experiment x each backend (the backend knob
of both configurations is set to the row's backend). Printed per row: baseline and
candidate median, ratio candidate/baseline with its 95% bootstrap CI, verdict
(faster / slower / no change: faster or slower needs p < 0.05 on the round medians,
a CI excluding 1, and a change of at least --threshold, default 5%: two compilations
of identical code were measured up to 3.5% apart on the JIT, code placement alone)
and the gas delta.

--aa N     the A/A check: the best-known configuration (results/best.yaml) against
           itself, N times, each time compiled afresh on both sides and timed. Prints
           how many of the N comparisons reported "no change" on every row; exit 1
           when fewer than 95%. Default backends: the best configuration's backend.
Every comparison is stored in results/lab.sqlite as a run of kind "compare".`;

/** The newest sweep with a finished trial, or the one asked for. */
function pickRun(runArg: string | undefined) {
  const path = databasePath();
  if (!existsSync(path)) throw new UsageError(`${path}: no results database yet (run bun lab sweep first)`);
  const db = openDatabase(path);
  try {
    const id = runArg === undefined
      ? (db.query("SELECT r.id FROM runs r WHERE r.kind = 'sweep' AND EXISTS (SELECT 1 FROM trials t WHERE t.run_id = r.id) ORDER BY r.id DESC LIMIT 1").get() as { id: number } | null)?.id
      : intOption("compare", "run", runArg, 0, 1);
    if (id === undefined) throw new UsageError("bun lab compare: no sweep has finished a trial yet (run bun lab sweep first)");
    const run = runById(db, id);
    if (!run || run.kind !== "sweep") throw new UsageError(`bun lab compare: no sweep run ${id} in ${path} (see bun lab results)`);
    const start = configById<Config>(db, run.baseline_config_id);
    let best = start;
    for (const t of storedTrials(db, id)) if (t.promoted) best = configById<Config>(db, t.config_id);
    return { id, start, best, workloads: (JSON.parse(run.spec) as Experiment).workloads };
  } finally {
    db.close();
  }
}

const compare: Command = {
  summary: "baseline vs candidate configuration per workload x backend (ratio, CI, verdict, gas delta); --aa N",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("compare", argv, {
      backends: { type: "string" }, workloads: { type: "string" }, threshold: { type: "string" }, rounds: { type: "string" }, aa: { type: "string" }, json: { type: "boolean" },
    });
    const aa = values.aa === undefined ? undefined : intOption("compare", "aa", values.aa, 0, 1);
    if (aa === undefined && (positionals[0] !== "baseline" || positionals.length > 2)) throw new UsageError('bun lab compare: expected "baseline [<run>]" or --aa N (see --help)');
    if (aa !== undefined && positionals.length) throw new UsageError("bun lab compare --aa N takes no positional arguments");
    const threshold = values.threshold === undefined ? 0.05 : Number(values.threshold);
    if (!(threshold >= 0 && threshold < 1)) throw new UsageError(`bun lab compare: --threshold must be a fraction in [0, 1) (got "${values.threshold}")`);
    const rounds = intOption("compare", "rounds", values.rounds, 10, 2);

    let baseline: Config;
    let candidate: Config;
    let workloads: string[];
    let label: string;
    if (aa !== undefined) {
      baseline = candidate = readBest()?.config ?? DEFAULT_CONFIG;
      workloads = workloadNames();
      label = `A/A ${configLabel(baseline)}`;
    } else {
      const r = pickRun(positionals[1]);
      baseline = r.start;
      candidate = r.best;
      workloads = r.workloads;
      label = `run ${r.id}: baseline vs its best`;
    }
    if (values.workloads) workloads = values.workloads.split(",");
    for (const w of workloads) readWorkload(w);
    const backends = values.backends ? values.backends.split(",") : aa !== undefined ? [baseline.backend] : BACKEND_NAMES;
    for (const b of backends) if (!BACKEND_NAMES.includes(b)) throw new UsageError(`bun lab compare: --backends: unknown backend "${b}"; known: ${BACKEND_NAMES.join(", ")}`);

    const spec = { baseline, candidate, workloads, backends, rounds, samplesPerRound: 3, roundMs: 40, confidence: 0.95, threshold, forceTiming: aa !== undefined, label };
    const db = openDatabase(databasePath());
    const runId = await startCompareRun(db, spec, aa !== undefined ? "aa" : "compare");
    const watch = watchInterrupts(() => setRunStatus(db, runId, "interrupted"), (s) => console.error(s));
    const log = (s: string) => console.error(s);
    try {
      console.log(`${label} (compare run ${runId})`);
      console.log(`baseline:  ${configLabel(baseline)}`);
      console.log(`candidate: ${configLabel(candidate)}`);
      const reps = aa ?? 1;
      let clean = 0;
      const checked = new Map<string, bigint>();
      const all = [];
      for (let i = 0; i < reps; i++) {
        if (aa !== undefined) log(`A/A ${i + 1} of ${reps}`);
        const rows = await compareOnce(spec, runId * 1000 + i + 1, checked, watch.checkpoint, log);
        const measured = rows.filter((m) => m.status === "ok");
        const changed = measured.filter((m) => m.verdict !== "no change");
        if (measured.length && !changed.length) clean++;
        storeRepetition(db, runId, i, spec, rows, changed.length ? `changed on ${changed.map((m) => `${m.workload}/${m.backend}`).join(", ")}` : "no change on every row");
        all.push(rows);
        if (aa === undefined || values.json) continue;
        console.log(`A/A ${i + 1}: ${changed.length ? `changed on ${changed.map((m) => `${m.workload}/${m.backend} ${m.verdict} ${m.ratio!.toFixed(3)}`).join(", ")}` : "no change"}`);
      }
      setRunStatus(db, runId, "finished");
      if (values.json) console.log(JSON.stringify({ run: runId, repetitions: all.map((rows) => rows.map((m) => ({ ...m, samples: undefined, baselineGas: m.baselineGas?.toString(), candidateGas: m.candidateGas?.toString() }))) }, null, 1));
      else console.log(compareTable(all.at(-1)!));
      if (aa !== undefined) {
        console.log(`A/A: ${clean} of ${reps} comparisons reported "no change" on every row (threshold ${(threshold * 100).toFixed(1)}%)`);
        return clean >= Math.ceil(reps * 0.95) ? 0 : 1;
      }
      return 0;
    } catch (e) {
      if (e instanceof Interrupted) {
        setRunStatus(db, runId, "interrupted");
        return 130;
      }
      setRunStatus(db, runId, "failed");
      throw e;
    } finally {
      watch.dispose();
      db.close();
    }
  },
};
export default compare;
