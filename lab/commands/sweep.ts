/** `bun lab sweep <experiment.yaml>`: tune configurations against the best-known one. */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { type Command, UsageError, intOption, parseCommandArgs } from "../command.ts";
import { REPO_ROOT } from "../paths.ts";
import { parseExperiment } from "../sweep/experiment.ts";
import { BaselineFailure } from "../sweep/measure.ts";
import { SweepCheckFailed, runSweep } from "../sweep/run-sweep.ts";
import { workloadNames } from "../workloads.ts";

const usage = `
bun lab sweep <experiment.yaml> [--budget N] [--resume]

Measures candidate configurations of the experiment against the current best one
(results/best.yaml with the experiment's pins, see experiments/README.md) and stores
every sample in results/lab.sqlite. Strategies: grid, random, greedy (coordinate
descent, one axis at a time). Each candidate is built (content-hash cache), checked
(answer, and the same gas on the interpreter and the JIT; a failure is recorded with
its reason and never timed), skipped as "no change" when its code is byte-identical to
the baseline's, else timed interleaved with the baseline. It is promoted only when
significantly better by more than the acceptance threshold; results/best.yaml is then
rewritten. Every other trial is reverted with its reason and statistics. Each sweep
writes an HTML report to results/reports/.
  --budget N   measure at most N trials (a trial = one configuration vs the baseline)
  --resume     continue the newest unfinished run of this experiment file (after
               Ctrl-C or a crash) without repeating or losing finished trials
Exit status: 0 done, 1 the starting configuration fails a check, 2 bad input,
130 interrupted.`;

const sweep: Command = {
  summary: "autotune configurations (grid/random/greedy), store samples, promote or revert",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("sweep", argv, { budget: { type: "string" }, resume: { type: "boolean" } });
    if (positionals.length !== 1) throw new UsageError("bun lab sweep: expected exactly one <experiment.yaml>");
    const file = resolve(positionals[0]!);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new UsageError(`${positionals[0]}: cannot read the experiment file`);
    }
    const exp = parseExperiment(text, relative(REPO_ROOT, file), workloadNames());
    const budget = values.budget === undefined ? undefined : intOption("sweep", "budget", values.budget, 0, 1);
    try {
      const r = await runSweep(exp, { budget, resume: values.resume });
      return r.status === "interrupted" ? 130 : 0;
    } catch (e) {
      if (e instanceof SweepCheckFailed || e instanceof BaselineFailure) {
        console.error(`error: ${exp.file}: ${e.message}`);
        return 1;
      }
      throw e;
    }
  },
};
export default sweep;
