/**
 * The workload benchmark (`bun lab bench [workloads...]`): every guest workload built
 * with the best-known configuration, run on each backend, answer checked on every run.
 *
 * Backend ids (ARCHITECTURE.md): `interpreter` and `jit` run the JAR v2 blob under the
 * jar profile (pipeline gas); `interpreter:gp` and `jit:gp` run the GP standard program
 * blob under gp-0.7 (1 gas per instruction). Gas must be identical between the
 * interpreter and the JIT on the same blob, or the benchmark fails.
 */
import { measure } from "mitata";
import type { Backend } from "../../engine/backend.ts";
import type { IsaProfile } from "../../engine/isa/index.ts";
import { BACKENDS } from "../backends.ts";
import { type BlobFormat, buildBlob } from "../pipeline.ts";
import { prepareBlob, wrongAnswer } from "../runner.ts";
import { readBest } from "../sweep/best.ts";
import { DEFAULT_BASELINE } from "../sweep/experiment.ts";

export interface BenchRow {
  workload: string;
  backend: string;
  median_ns: number | null;
  compile_ns: number | null;
  gas: string | null;
  correct: boolean | null;
  /** why there is no number ("not available", a build error, a wrong answer) */
  note?: string;
}

export interface OurBackend {
  id: string;
  backend: Backend;
  format: BlobFormat;
  profile: IsaProfile;
}

/** The engine's own backend ids. */
export function ourBackends(): OurBackend[] {
  const out: OurBackend[] = [];
  for (const [name, backend] of Object.entries(BACKENDS)) {
    out.push({ id: name, backend, format: "jar", profile: "jar" });
    out.push({ id: `${name}:gp`, backend, format: "gp", profile: "gp-0.7" });
  }
  return out;
}

/** Times `workload` on each of `backends`; failures become rows with a note, never numbers. */
export async function benchWorkload(workload: string, backends: OurBackend[], samples = 10): Promise<BenchRow[]> {
  const config = readBest()?.config ?? DEFAULT_BASELINE;
  const rows: BenchRow[] = [];
  const gasByFormat = new Map<string, { gas: bigint; backend: string }>();
  for (const b of backends) {
    const row: BenchRow = { workload, backend: b.id, median_ns: null, compile_ns: null, gas: null, correct: null };
    rows.push(row);
    try {
      const blob = await buildBlob(workload, config, b.format);
      const prepared = await prepareBlob(blob.blobPath, b.backend, b.profile);
      row.compile_ns = prepared.compileNs;
      const first = prepared.run();
      const why = wrongAnswer(first, blob.expected);
      row.correct = why === undefined;
      row.gas = first.gasUsed.toString();
      if (why) {
        row.note = `wrong answer: ${why}`;
        continue;
      }
      const seen = gasByFormat.get(b.format);
      if (seen && seen.gas !== first.gasUsed) throw new Error(`gas differs on the ${b.format} blob: ${seen.backend} ${seen.gas}, ${b.id} ${first.gasUsed}`);
      gasByFormat.set(b.format, { gas: first.gasUsed, backend: b.id });
      const st = await measure(() => prepared.run(), { min_samples: samples, max_samples: samples, min_cpu_time: 0 } as Parameters<typeof measure>[1]);
      row.median_ns = st.p50;
    } catch (e) {
      if ((e as Error).message.startsWith("gas differs")) throw e;
      row.note = (e as Error).message.split("\n")[0];
    }
  }
  return rows;
}
