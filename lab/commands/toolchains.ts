/** `bun lab toolchains [install [NAME...]]`: list guest toolchains, or provision them. */
import { type Command, UsageError, parseCommandArgs } from "../command.ts";
import { DEFAULT_TOOLCHAINS, TOOLCHAIN_DEFS } from "../../toolchains/common.ts";
import { installToolchains } from "../../toolchains/install.ts";
import { listToolchains } from "../../toolchains/registry.ts";

const usage = `
bun lab toolchains                   one line per toolchain: name, version, usable or why not
bun lab toolchains install [NAME...] provision toolchains (idempotent; fast when present)

Installable: ${TOOLCHAIN_DEFS.map((d) => d.name).join(", ")} (default: ${DEFAULT_TOOLCHAINS.join(", ")}).
rustup toolchains are detected, never installed; they are usable with the rust-src component.`;

const toolchains: Command = {
  summary: "list guest toolchains, or install them",
  usage,
  async run(argv) {
    const { positionals } = parseCommandArgs("toolchains", argv, {});
    const [verb, ...names] = positionals;
    if (verb !== undefined && verb !== "install") {
      throw new UsageError(`bun lab toolchains: expected no argument or "install [NAME...]" (got "${positionals.join(" ")}")`);
    }
    for (const n of names) {
      if (!TOOLCHAIN_DEFS.some((d) => d.name === n)) {
        throw new UsageError(`bun lab toolchains install: unknown toolchain "${n}" (installable: ${TOOLCHAIN_DEFS.map((d) => d.name).join(", ")})`);
      }
    }
    if (verb === "install") {
      const t0 = performance.now();
      await installToolchains({ only: names.length ? names : undefined, log: (s) => console.log(s) });
      console.log(`install: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    for (const t of await listToolchains()) {
      const state = t.usable ? "usable" : `not usable: ${t.reason ?? "unknown reason"}`;
      const detail = t.detail ? `  (${t.detail})` : "";
      console.log(`${t.name.padEnd(18)} ${t.version.padEnd(14)} ${state}${detail}`);
    }
    return 0;
  },
};
export default toolchains;
