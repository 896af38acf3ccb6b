/** `bun lab bench`: benchmarks (workloads on backends, gas model, JIT compile, host calls). */
import { stringifyExact } from "../../engine/vectors/exact-json.ts";
import { BACKENDS } from "../backends.ts";
import { benchCompile } from "../bench/compile.ts";
import { benchGasModel } from "../bench/gas-model.ts";
import { benchHostcalls } from "../bench/hostcall.ts";
import { type BenchRow, benchWorkload, ourBackends } from "../bench/workloads.ts";
import { type Command, UsageError, oneOf, parseCommandArgs } from "../command.ts";
import { machineInfo, machineLine } from "../machine.ts";
import { formatRows } from "../table-format.ts";
import { readWorkload, workloadNames } from "../workloads.ts";

const SUITES = ["workloads", "gas-model", "compile", "hostcall"] as const;

const usage = `
bun lab bench [workloads...] [--suite workloads|gas-model|compile|hostcall]
              [--backends interpreter,jit,interpreter:gp,jit:gp] [--json]

  workloads  (default) each workload on each backend: median run time, compile time
             apart, gas; the answer is checked on every run
  gas-model  pipeline gas pricing throughput on doom's 630 KB program (target < 50 ms)
  compile    JIT compile time of the integration programs (target: doom < 100 ms)
  hostcall   100,000 no-op ecalli round trips per backend (target: < 2 ms on the JIT)
--json prints {"results":[{workload, backend, median_ns, compile_ns, gas, correct}, ...]}`;

const ms = (ns: number | null | undefined) => (ns === null || ns === undefined ? "-" : (ns / 1e6).toFixed(3));

const bench: Command = {
  summary: "benchmarks: workloads x backends, gas model, JIT compile, host calls",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("bench", argv, { suite: { type: "string" }, backends: { type: "string" }, json: { type: "boolean" } });
    const suite = oneOf("bench", "suite", values.suite, SUITES, "workloads");
    const machine = machineLine(await machineInfo());
    if (suite === "gas-model") {
      const r = await benchGasModel();
      if (values.json) console.log(JSON.stringify({ machine, ...r }));
      else console.log(`gas model (pipeline, l2) on doom: ${r.blocks} blocks, ${r.bytes} bytes in ${ms(r.medianNs)} ms median = ${r.mbPerS.toFixed(1)} MB/s\nmachine: ${machine}`);
      return 0;
    }
    if (suite === "compile") {
      const rows = await benchCompile();
      if (values.json) console.log(JSON.stringify({ machine, results: rows }));
      else {
        console.log(formatRows(rows.map((r) => ({ program: r.program, "code bytes": r.codeBytes, "native bytes": r.nativeBytes, "compile ms (median)": ms(r.medianNs), "MB/s": (r.codeBytes / (r.medianNs / 1e3)).toFixed(1) }))));
        console.log(`machine: ${machine}`);
      }
      return 0;
    }
    if (suite === "hostcall") {
      const rows = [];
      for (const b of Object.values(BACKENDS)) rows.push(await benchHostcalls(b));
      if (values.json) console.log(JSON.stringify({ machine, results: rows }));
      else {
        console.log(formatRows(rows.map((r) => ({ backend: r.backend, calls: r.calls, "total ms (median)": ms(r.medianNs), "ns per call": r.nsPerCall.toFixed(1) }))));
        console.log(`machine: ${machine}`);
      }
      return 0;
    }
    const all = ourBackends();
    const wanted = values.backends ? values.backends.split(",") : all.map((b) => b.id);
    for (const w of wanted) if (!all.some((b) => b.id === w)) throw new UsageError(`bun lab bench: --backends: unknown backend "${w}"; known: ${all.map((b) => b.id).join(", ")}`);
    const workloads = positionals.length ? positionals : workloadNames();
    for (const w of workloads) readWorkload(w);
    const rows: BenchRow[] = [];
    for (const w of workloads) rows.push(...(await benchWorkload(w, all.filter((b) => wanted.includes(b.id)))));
    if (values.json) console.log(stringifyExact({ machine, results: rows }));
    else {
      console.log(formatRows(rows.map((r) => ({ workload: r.workload, backend: r.backend, "median ms": ms(r.median_ns), "compile ms": ms(r.compile_ns), gas: r.gas ?? "-", correct: r.correct === null ? "-" : r.correct ? "yes" : "NO", note: r.note ?? "" }))));
      console.log(`machine: ${machine}`);
    }
    return rows.some((r) => r.correct === false) ? 1 : 0;
  },
};
export default bench;
