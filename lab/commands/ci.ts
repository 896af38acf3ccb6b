/** `bun lab ci`: gas and time of the current tree against results/baseline.json. */
import { BACKEND_NAMES } from "../backends.ts";
import { baselinePath, readBaseline, thin, writeBaseline } from "../ci/baseline-file.ts";
import { measureCi, sameMachine } from "../ci/check.ts";
import { ciMarkdown } from "../ci/markdown.ts";
import { type Command, UsageError, parseCommandArgs } from "../command.ts";
import { machineInfo, machineLine } from "../machine.ts";
import { SLOWDOWN_ENV, parseSlowdown } from "../runner.ts";
import { readBest } from "../sweep/best.ts";
import { DEFAULT_CONFIG, configLabel } from "../sweep/config.ts";
import { workloadNames } from "../workloads.ts";

const usage = `
bun lab ci [--gas-only] [--threshold 0.05] [--inject-slowdown workload=fraction]
bun lab ci --update-baseline [--workloads a,b]

Builds every workload of results/baseline.json with the best-known configuration
(results/best.yaml) from the current tree, runs it on each backend of the baseline,
and checks: the answer, the same gas on every backend, and the gas against the
baseline exactly. Without --gas-only it also samples run times on the best
configuration's backend (10 rounds, >= 40 ms per round) and compares them with the
baseline's samples: a regression is p < 0.05,
a 95% CI of the ratio of medians above 1 and a slowdown of at least --threshold
(default 5%). Time is gated only on the machine kind the baseline was written on
(same CPU model and cores); elsewhere it is reported, not gated.
Prints a markdown summary; exit 1 on any gas change not recorded in the baseline,
a failed check, or a time regression; 2 on bad input.

  --gas-only               deterministic part only (what .ci/run runs)
  --inject-slowdown w=f    detection check: every timed run of workload w busy-waits
                           for fraction f of its own run time (sets ${SLOWDOWN_ENV})
  --update-baseline        measure and write results/baseline.json (gas and time)
                           from this run; default workloads: all of them`;

const ci: Command = {
  summary: "gas (exact) and time (statistics) against results/baseline.json; markdown; exit 1 on regression",
  usage,
  async run(argv) {
    const { values } = parseCommandArgs("ci", argv, {
      "gas-only": { type: "boolean" }, threshold: { type: "string" }, "inject-slowdown": { type: "string" }, "update-baseline": { type: "boolean" }, workloads: { type: "string" },
    }, false);
    const gasOnly = !!values["gas-only"];
    const threshold = values.threshold === undefined ? 0.05 : Number(values.threshold);
    if (!(threshold > 0 && threshold < 1)) throw new UsageError(`bun lab ci: --threshold must be a fraction in (0, 1) (got "${values.threshold}")`);
    if (values["inject-slowdown"] !== undefined) {
      parseSlowdown(values["inject-slowdown"], "bun lab ci: --inject-slowdown");
      process.env[SLOWDOWN_ENV] = values["inject-slowdown"];
    }
    if (values["update-baseline"] && gasOnly) throw new UsageError("bun lab ci: --update-baseline records time as well; drop --gas-only");
    const config = readBest()?.config ?? DEFAULT_CONFIG;
    const machine = await machineInfo();
    const log = (s: string) => console.error(s);
    const timing = { rounds: 10, samplesPerRound: 3, roundMs: 40 };
    const timeBackends = [config.backend];

    if (values["update-baseline"]) {
      const workloads = values.workloads ? values.workloads.split(",") : workloadNames();
      const rows = await measureCi(config, workloads.flatMap((w) => BACKEND_NAMES.map((backend) => ({ workload: w, backend }))), new Map(), { gasOnly: false, timeBackends, threshold, timing, gateTime: false, log });
      const bad = rows.filter((r) => r.failures.length);
      for (const r of bad) log(`not recorded: ${r.workload}/${r.backend}: ${r.failures.join("; ")}`);
      const ok = rows.filter((r) => !r.failures.length);
      writeBaseline({
        written: new Date().toISOString(), machine, config, timing,
        results: ok.map((r) => ({ workload: r.workload, backend: r.backend, isa: r.isa, blob: r.blob!, gas: r.gas!, median_ns: r.median === undefined ? null : Math.round(r.median), samples_ns: r.samples ? thin(r.samples) : [] })),
      });
      console.log(`wrote ${baselinePath()}: ${ok.length} rows (${configLabel(config)}) on ${machineLine(machine)}${bad.length ? `; ${bad.length} rows left out (see above)` : ""}`);
      return 0;
    }

    const base = readBaseline();
    const gateTime = sameMachine(machine, base.machine);
    const known = new Map(base.results.map((r) => [`${r.workload}/${r.backend}`, r]));
    const rows = await measureCi(config, base.results.map((r) => ({ workload: r.workload, backend: r.backend })), known, { gasOnly, timeBackends, threshold, timing: base.timing, gateTime, log });
    const recorded = new Set(base.results.map((r) => r.workload));
    const fresh = workloadNames().filter((w) => !recorded.has(w));
    const context = [
      `configuration: ${configLabel(config)}${JSON.stringify(base.config) === JSON.stringify(config) ? "" : ` (baseline written with ${configLabel(base.config)})`}`,
      `this machine: ${machineLine(machine)}`,
      `baseline: ${baselinePath()} written ${base.written} on ${machineLine(base.machine)}${gasOnly ? "" : gateTime ? "" : " — another machine kind: time is reported, not gated"}`,
    ];
    if (process.env[SLOWDOWN_ENV]) context.push(`injected slowdown: ${process.env[SLOWDOWN_ENV]}`);
    const extra = fresh.length ? [`Not in the baseline (not checked): ${fresh.join(", ")}; add them with bun lab ci --update-baseline.`] : [];
    console.log(ciMarkdown(rows, context, gasOnly, extra));
    return rows.some((r) => r.failures.length) ? 1 : 0;
  },
};
export default ci;
