/** `bun lab sweep <experiment.yaml>`: tune build configurations against the best-known one. */
import { readFileSync } from "node:fs";
import { resolve, relative } from "node:path";
import { type Command, UsageError, intOption, parseCommandArgs } from "../command.ts";
import { REPO_ROOT } from "../paths.ts";
import { parseExperiment } from "../sweep/experiment.ts";
import { runSweep } from "../sweep/run-sweep.ts";
import { workloadNames } from "../workloads.ts";

const usage = `
bun lab sweep <experiment.yaml> [--budget N] [--resume]

Measures each candidate configuration of the experiment against the best-known one
(results/best.yaml, else the experiment's baseline), stores every sample in
results/lab.sqlite, promotes a configuration only when it is significantly faster
by more than the acceptance threshold, and reverts the rest with the reason.
  --budget N   measure at most N trials (a trial = one configuration vs the baseline)
  --resume     continue the newest unfinished run of this experiment file`;

const sweep: Command = {
  summary: "autotune build configurations (grid/random), store samples, promote or revert",
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
    await runSweep(exp, { budget, resume: values.resume });
    return 0;
  },
};
export default sweep;
