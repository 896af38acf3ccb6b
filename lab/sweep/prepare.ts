/**
 * Getting a (workload, configuration) ready to time: build the blob (content-hash
 * cached by lab/pipeline.ts), then check it on every backend the engine has — the
 * answer (φ7) on each, and the same gas on each (interpreter = JIT) — and keep the
 * prepared blob of the configuration's own backend. A failure is a value with its
 * status and reason, never thrown: the sweep records it and does not time it.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { BACKENDS } from "../backends.ts";
import { buildBlob } from "../pipeline.ts";
import { type PreparedBlob, prepareBlob, wrongAnswer } from "../runner.ts";
import type { MeasurementStatus } from "../store/db.ts";
import { type Config, blobFormatFor, configKey } from "./config.ts";
import { buildPart } from "./experiment.ts";

export interface Ready {
  ok: true;
  /** sha256 of the blob bytes: equal hashes mean byte-identical code */
  blobHash: string;
  blobPath: string;
  /** gas of one run (the same on every backend) */
  gas: bigint;
  /** wall time of one untimed check run on the configuration's backend, ns (sizes timing rounds) */
  runNs: number;
  prepared: PreparedBlob;
}

export interface Failed {
  ok: false;
  status: Exclude<MeasurementStatus, "ok">;
  reason: string;
}

export type Preparation = Ready | Failed;

const firstLine = (e: unknown) => ((e as Error)?.message ?? String(e)).split("\n")[0]!;

/** Gas of blobs already cross-checked on every backend, by `${blobPath}|${isa}`. */
export type CheckedGas = Map<string, bigint>;

/**
 * Builds and checks `workload` under `config`. A blob already in `checked` (the same
 * bytes under the same profile) is not run on the other backends again: the interpreter
 * takes seconds on the larger guests.
 */
export async function prepareWorkload(workload: string, config: Config, checked: CheckedGas = new Map()): Promise<Preparation> {
  let blobPath: string;
  let expected: bigint;
  try {
    const b = await buildBlob(workload, buildPart(config), blobFormatFor(config.isa));
    blobPath = b.blobPath;
    expected = b.expected;
  } catch (e) {
    return { ok: false, status: (e as Error)?.name === "GuestBuildError" ? "build-failed" : "error", reason: firstLine(e) };
  }
  const blobHash = createHash("sha256").update(readFileSync(blobPath)).digest("hex");
  const checkKey = `${blobPath}|${config.isa}`;
  const known = checked.get(checkKey);
  const names = known === undefined ? Object.keys(BACKENDS) : [config.backend];
  let own: PreparedBlob | undefined;
  let runNs = 0;
  let gas: { backend: string; gas: bigint } | undefined;
  for (const name of names) {
    let p: PreparedBlob;
    try {
      p = await prepareBlob(blobPath, BACKENDS[name]!, config.isa, workload);
    } catch (e) {
      return { ok: false, status: "error", reason: `${name}: ${firstLine(e)}` };
    }
    let r;
    try {
      const t0 = Bun.nanoseconds();
      r = p.run();
      if (name === config.backend) runNs = Bun.nanoseconds() - t0;
    } catch (e) {
      return { ok: false, status: "error", reason: `${name}: ${firstLine(e)}` };
    }
    const why = wrongAnswer(r, expected);
    if (why) return { ok: false, status: "wrong-answer", reason: `${name}: ${why}` };
    if (gas && gas.gas !== r.gasUsed) {
      return { ok: false, status: "wrong-answer", reason: `gas differs between backends: ${gas.backend} ${gas.gas}, ${name} ${r.gasUsed}` };
    }
    if (known !== undefined && known !== r.gasUsed) {
      return { ok: false, status: "wrong-answer", reason: `gas differs between runs of the same blob: ${known}, then ${name} ${r.gasUsed}` };
    }
    gas ??= { backend: name, gas: r.gasUsed };
    if (name === config.backend) own = p;
  }
  checked.set(checkKey, gas!.gas);
  if (!own) return { ok: false, status: "error", reason: `unknown backend "${config.backend}"` };
  return { ok: true, blobHash, blobPath, gas: gas!.gas, runNs, prepared: own };
}

/** A memo of preparations for one process: each (workload, configuration) is built and checked once. */
export class PreparationCache {
  private readonly memo = new Map<string, Promise<Preparation>>();
  /** `checked` may be shared between caches (A/A prepares each side in its own cache) */
  constructor(private readonly checked: CheckedGas = new Map()) {}
  get(workload: string, config: Config): Promise<Preparation> {
    const key = `${workload}|${configKey(config)}`;
    let p = this.memo.get(key);
    if (!p) this.memo.set(key, (p = prepareWorkload(workload, config, this.checked)));
    return p;
  }
}
