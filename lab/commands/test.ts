/**
 * `bun lab test`: the whole test suite, as CI runs it. Installs the guest toolchains
 * and chromium first when they are missing (idempotent), runs `bun test`, and closes with the plain
 * line "N passed, N failed" (bun's own " N pass" / " N fail" lines go to stderr).
 */
import { type Command, parseCommandArgs } from "../command.ts";
import { installToolchains } from "../../toolchains/install.ts";
import { ensureChromium } from "../report/chromium.ts";
import { REPO_ROOT } from "../paths.ts";

const usage = `
bun lab test [--no-install] [paths...]

Installs missing guest toolchains and chromium (apt, for the report test), runs bun test (optionally only the given paths),
and prints "N passed, N failed". Exit status is bun test's.`;

/** Counts from bun test's summary lines. */
export function parseBunTestSummary(text: string): { passed: number; failed: number } | undefined {
  const pass = /^\s*(\d+) pass\s*$/m.exec(text);
  const fail = /^\s*(\d+) fail\s*$/m.exec(text);
  if (!pass && !fail) return undefined;
  return { passed: Number(pass?.[1] ?? 0), failed: Number(fail?.[1] ?? 0) };
}

const test: Command = {
  summary: "install what the tests need, run the whole suite, print `N passed, N failed`",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("test", argv, { "no-install": { type: "boolean" } });
    if (!values["no-install"]) {
      await installToolchains({ log: (s) => console.log(s) });
      // the report test renders an HTML report in headless Chromium (lab/report/report.test.ts)
      await ensureChromium((s) => console.log(s));
    }
    const proc = Bun.spawn([process.execPath, "test", "--timeout", "600000", ...positionals], { cwd: REPO_ROOT, stdout: "inherit", stderr: "pipe", env: process.env });
    let err = "";
    const dec = new TextDecoder();
    for await (const chunk of proc.stderr) {
      const s = dec.decode(chunk);
      err += s;
      process.stderr.write(s);
    }
    const code = await proc.exited;
    const counts = parseBunTestSummary(err);
    if (!counts) {
      console.log("0 passed, 1 failed");
      console.error("bun lab test: bun test printed no summary");
      return code || 1;
    }
    console.log(`${counts.passed} passed, ${counts.failed} failed`);
    return code !== 0 ? code : counts.failed ? 1 : 0;
  },
};
export default test;
