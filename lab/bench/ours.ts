/**
 * Our engine's backends as bench targets. Backend ids (ARCHITECTURE.md): `<backend>`
 * runs the JAR v2 blob under the jar profile (pipeline gas), `<backend>:gp` runs the GP
 * standard program blob under gp-0.7 (1 gas per instruction, charged per instruction).
 * Every backend of lab/backends.ts appears twice: interpreter, interpreter:gp, jit,
 * jit:gp (and any backend added there later).
 */
import type { Backend } from "../../engine/backend.ts";
import type { IsaProfile } from "../../engine/isa/index.ts";
import { BACKENDS } from "../backends.ts";
import { type BlobFormat, buildBlob } from "../pipeline.ts";
import { prepareBlob } from "../runner.ts";
import type { BuildConfig } from "../sweep/config.ts";
import { type BenchTarget, NotAvailable, type Outcome, type PreparedTarget } from "./target.ts";

/** Why `backend` cannot run on this host, if it cannot: the JIT emits x86-64 Linux code. */
export function unavailableReason(backend: Backend): string | undefined {
  if (backend.name === "jit" && (process.arch !== "x64" || process.platform !== "linux")) {
    return `the JIT emits x86-64 code for Linux (this is ${process.platform}/${process.arch})`;
  }
  return undefined;
}

export interface OurTarget extends BenchTarget {
  kind: "ours";
  backend: Backend;
  format: BlobFormat;
  profile: IsaProfile;
}

/** One of our backends on one blob format, built with `config`. */
export function ourTarget(id: string, backend: Backend, format: BlobFormat, profile: IsaProfile, config: BuildConfig): OurTarget {
  return {
    id,
    kind: "ours",
    gasCheck: { blob: format, strict: true },
    backend,
    format,
    profile,
    async prepare(w): Promise<PreparedTarget> {
      const why = unavailableReason(backend);
      if (why) throw new NotAvailable(why);
      const blob = await buildBlob(w.name, config, format);
      const p = await prepareBlob(blob.blobPath, backend, profile, w.name);
      return {
        compileNs: p.compileNs,
        timed: {
          setup: () => p.timed.setup(),
          run: (inst): Outcome => {
            const r = p.timed.run(inst as Parameters<typeof p.timed.run>[0]);
            return { status: r.status, result: r.result, gas: r.gasUsed };
          },
          teardown: (inst) => p.timed.teardown?.(inst as Parameters<typeof p.timed.run>[0]),
        },
        dispose: () => p.module.dispose?.(),
      };
    },
  };
}

/** Every backend of this build on both blob formats: `name` (jar) and `name:gp`. */
export function ourTargets(config: BuildConfig): OurTarget[] {
  const out: OurTarget[] = [];
  for (const [name, backend] of Object.entries(BACKENDS)) {
    out.push(ourTarget(name, backend, "jar", "jar", config));
    out.push(ourTarget(`${name}:gp`, backend, "gp", "gp-0.7", config));
  }
  return out;
}
