/** `bun lab fuzz`: differential fuzzing of every backend against the interpreter. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCampaign } from "../../engine/fuzz/campaign.ts";
import { reproducerVector } from "../../engine/fuzz/reproducer.ts";
import { stringifyExact } from "../../engine/vectors/exact-json.ts";
import { BACKENDS } from "../backends.ts";
import { type Command, intOption, oneOf, parseCommandArgs } from "../command.ts";
import { RESULTS_DIR } from "../paths.ts";

const usage = `
bun lab fuzz [--count N] [--seed S] [--backend jit] [-o reproducer.json]

Generates N random programs (default 1000) from seed S (default 1) and runs each under
gp-0.7 (block and instruction gas charging), gp-0.8-draft and jar on the backend and on
the reference interpreter, comparing every exit: status, pc, gas, registers, page-fault
address, host-call index and memory. The first mismatch is shrunk and written as a
test vector (default results/fuzz-<seed>.json); exit 1. Prints "N passed, N failed".`;

const fuzz: Command = {
  summary: "differential fuzzing: every backend against the interpreter",
  usage,
  async run(argv) {
    const { values } = parseCommandArgs("fuzz", argv, { count: { type: "string" }, seed: { type: "string" }, backend: { type: "string" }, o: { type: "string", short: "o" } }, false);
    const count = intOption("fuzz", "count", values.count, 1000, 1);
    const seed = intOption("fuzz", "seed", values.seed, 1);
    const names = Object.keys(BACKENDS).filter((b) => b !== "interpreter");
    const backendName = oneOf("fuzz", "backend", values.backend, names, names[0]!);
    const t0 = performance.now();
    let last = 0;
    const res = runCampaign(BACKENDS[backendName]!, count, seed, (done) => {
      const now = performance.now();
      if (now - last > 5000) {
        last = now;
        const eta = ((now - t0) / done) * (count - done);
        process.stderr.write(`fuzz: ${done} of ${count} programs, ETA ${Math.round(eta / 1000)} s\n`);
      }
    });
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`fuzz ${backendName}: ${res.programs} programs, ${res.runs} runs in ${secs} s; reference exits: ${JSON.stringify(res.statuses)}`);
    if (res.crash) {
      console.log(`CRASH seed ${res.crash.seed} ${res.crash.profile}${res.crash.charging ? ` (${res.crash.charging})` : ""}: ${res.crash.message}`);
      console.log(`${res.runs} passed, 1 failed`);
      return 1;
    }
    if (res.mismatch) {
      const m = res.mismatch;
      const file = values.o ?? join(RESULTS_DIR, `fuzz-${m.seed}.json`);
      writeFileSync(file, stringifyExact(reproducerVector(m), 2) + "\n");
      console.log(`MISMATCH seed ${m.seed} ${m.profile}${m.charging ? ` (${m.charging})` : ""}: ${m.difference}`);
      console.log(`reproducer: ${file}`);
      console.log(`${res.runs - 1} passed, 1 failed`);
      return 1;
    }
    console.log(`${res.runs} passed, 0 failed`);
    return 0;
  },
};
export default fuzz;
