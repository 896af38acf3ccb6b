/** `bun lab toolchains [install]`: list guest toolchains, or provision them. */
import { type Command, UsageError, parseCommandArgs } from "../command.ts";
import { installToolchains } from "../../toolchains/install.ts";
import { listToolchains } from "../../toolchains/registry.ts";

const usage = `
bun lab toolchains            one line per toolchain: name, version, usable or why not
bun lab toolchains install    provision the guest toolchains (idempotent; fast when present)`;

const toolchains: Command = {
  summary: "list guest toolchains, or install them",
  usage,
  async run(argv) {
    const { positionals } = parseCommandArgs("toolchains", argv, {});
    if (positionals.length > 1 || (positionals[0] && positionals[0] !== "install")) {
      throw new UsageError(`bun lab toolchains: expected no argument or "install" (got "${positionals.join(" ")}")`);
    }
    if (positionals[0] === "install") await installToolchains({ log: (s) => console.log(s) });
    for (const t of await listToolchains()) {
      console.log(`${t.name.padEnd(12)} ${t.version.padEnd(28)} ${t.usable ? "usable" : `not usable: ${t.reason ?? "unknown reason"}`}`);
    }
    return 0;
  },
};
export default toolchains;
