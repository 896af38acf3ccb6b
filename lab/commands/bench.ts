/** `bun lab bench`: benchmarks (workloads on backends and anchors, gas model, JIT compile, host calls). */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { stringifyExact } from "../../engine/vectors/exact-json.ts";
import { BACKENDS } from "../backends.ts";
import { benchCompile } from "../bench/compile.ts";
import { benchGasModel } from "../bench/gas-model.ts";
import { benchHostcalls } from "../bench/hostcall.ts";
import { writeBenchReport } from "../bench/report.ts";
import { benchMarkdown, formatBenchTable } from "../bench/table.ts";
import { benchTargets } from "../bench/targets.ts";
import { readBenchWorkload } from "../bench/workload-info.ts";
import { type BenchRow, benchWorkload, rowFailed } from "../bench/workloads.ts";
import { type Command, UsageError, intOption, oneOf, parseCommandArgs } from "../command.ts";
import { machineInfo, machineLine } from "../machine.ts";
import { databasePath } from "../paths.ts";
import { recordBenchRun } from "../store/bench-store.ts";
import { openDatabase } from "../store/db.ts";
import { readBest } from "../sweep/best.ts";
import { DEFAULT_CONFIG, configKey } from "../sweep/config.ts";
import { formatRows } from "../table-format.ts";
import { workloadNames } from "../workloads.ts";

const SUITES = ["workloads", "gas-model", "compile", "hostcall"] as const;

const usage = `
bun lab bench [workloads...] [--suite workloads|gas-model|compile|hostcall]
              [--backends native,wasm32,anan-as,interpreter,interpreter:gp,jit,jit:gp]
              [--budget-ms N] [--check] [--md FILE] [--no-report] [--json]

  workloads  (default) each workload on each backend and anchor, in one process run:
             median run time, compile time apart, ratio to native and to anan-as, gas;
             every run's answer is checked, interpreter and JIT gas must agree
             (exit 1 otherwise). Anchors: native (the same source for x86-64, called
             through bun:ffi), wasm32 (the same source for wasm32, run by Bun's
             WebAssembly engine), anan-as (npm @fluffylabs/anan-as on the GP blob).
             Writes an HTML bar chart to results/reports/bench-<date>.html
             (--no-report: don't); --md FILE also writes the table as markdown.
             Stored in results/lab.sqlite ($PVM_LAB_DB): bench_runs, bench_results,
             bench_samples (every timed run).
             --budget-ms: timed runs per row until they add up to N ms (at least 3,
             at most 100 runs; default 1000). --check: one checked run per row,
             no timing (answers and gas only; no report).
  gas-model  pipeline gas pricing throughput on doom's 630 KB program (target < 50 ms)
  compile    JIT compile time of the integration programs (target: doom < 100 ms)
  hostcall   100,000 no-op ecalli round trips per backend (target: < 2 ms on the JIT)

Host environment (lab/host.ts): ecalli 0 = no-op, 1 = log, 255 = REPLY (ends the run).
--json prints {"machine", "load_average", "results":[{workload, backend, status, median_ns, compile_ns,
gas (exact integer), correct, samples, ratio_native, ratio_anan_as, note?}, ...]}`;

const ms = (ns: number | null | undefined) => (ns === null || ns === undefined ? "-" : (ns / 1e6).toFixed(3));

/** The other suites, unchanged: one figure each. */
async function otherSuite(suite: Exclude<(typeof SUITES)[number], "workloads">, json: boolean, machine: string): Promise<number> {
  if (suite === "gas-model") {
    const r = await benchGasModel();
    if (json) console.log(JSON.stringify({ machine, ...r }));
    else console.log(`gas model (pipeline, l2) on doom: ${r.blocks} blocks, ${r.bytes} bytes in ${ms(r.medianNs)} ms median = ${r.mbPerS.toFixed(1)} MB/s\nmachine: ${machine}`);
    return 0;
  }
  if (suite === "compile") {
    const rows = await benchCompile();
    if (json) console.log(JSON.stringify({ machine, results: rows }));
    else {
      console.log(formatRows(rows.map((r) => ({ program: r.program, "code bytes": r.codeBytes, "native bytes": r.nativeBytes, "compile ms (median)": ms(r.medianNs), "MB/s": (r.codeBytes / (r.medianNs / 1e3)).toFixed(1) }))));
      console.log(`machine: ${machine}`);
    }
    return 0;
  }
  const rows = [];
  for (const b of Object.values(BACKENDS)) rows.push(await benchHostcalls(b));
  if (json) console.log(JSON.stringify({ machine, results: rows }));
  else {
    console.log(formatRows(rows.map((r) => ({ backend: r.backend, calls: r.calls, "total ms (median)": ms(r.medianNs), "ns per call": r.nsPerCall.toFixed(1) }))));
    console.log(`machine: ${machine}`);
  }
  return 0;
}

const bench: Command = {
  summary: "benchmarks: workloads x backends and anchors, gas model, JIT compile, host calls",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("bench", argv, {
      suite: { type: "string" },
      backends: { type: "string" },
      "budget-ms": { type: "string" },
      md: { type: "string" },
      "no-report": { type: "boolean" },
      check: { type: "boolean" },
      json: { type: "boolean" },
    });
    const suite = oneOf("bench", "suite", values.suite, SUITES, "workloads");
    const info = await machineInfo();
    const machine = machineLine(info);
    if (suite !== "workloads") return otherSuite(suite, values.json ?? false, machine);

    const config = readBest()?.config ?? DEFAULT_CONFIG;
    const all = benchTargets(config);
    const wanted = values.backends ? values.backends.split(",").map((s) => s.trim()) : all.map((t) => t.id);
    for (const w of wanted) if (!all.some((t) => t.id === w)) throw new UsageError(`bun lab bench: --backends: unknown backend "${w}"; known: ${all.map((t) => t.id).join(", ")}`);
    const targets = all.filter((t) => wanted.includes(t.id));
    const budgetNs = intOption("bench", "budget-ms", values["budget-ms"], 1000, 1) * 1e6;
    const workloads = (positionals.length ? positionals : workloadNames()).map(readBenchWorkload);

    const started = new Date();
    // other processes on the machine skew timings: say how busy it was
    const load = loadavg()[0]!;
    const where = `${machine}; load average ${load.toFixed(2)} at start`;
    const rows: BenchRow[] = [];
    const progress = (line: string) => console.error(`bench: ${line}`);
    const checkOnly = values.check ?? false;
    for (const w of workloads) rows.push(...(await benchWorkload(w, targets, config, { budgetNs, progress, checkOnly })));

    if (values.json) {
      // gas is a u64: an exact JSON integer (ARCHITECTURE.md "Results: one shape everywhere")
      const results = rows.map(({ samples_ns: _, ...r }) => ({ ...r, gas: r.gas === null ? null : BigInt(r.gas) }));
      console.log(stringifyExact({ machine, load_average: load, results: results as unknown as Record<string, never>[] }));
    } else console.log(`${formatBenchTable(rows)}\nmachine: ${where}`);
    const command = `bun lab bench ${argv.join(" ")}`.trim();
    if (values.md) {
      writeFileSync(resolve(values.md), benchMarkdown(rows, where, started, command.replace(/\s--md\s+\S+/, "")));
      console.error(`bench: table written to ${values.md}`);
    }
    if (!checkOnly) {
      const report = values["no-report"] ? undefined : writeBenchReport(rows, where, started);
      if (report) console.error(`bench: report ${report}`);
      const db = openDatabase(databasePath());
      try {
        const id = recordBenchRun(db, { startedAt: started.toISOString(), machine: info, config, configKey: configKey(config), command, report, rows });
        console.error(`bench: stored as bench run ${id} in ${databasePath()} (tables bench_runs, bench_results, bench_samples)`);
      } finally {
        db.close();
      }
    }
    return rows.some(rowFailed) ? 1 : 0;
  },
};
export default bench;
