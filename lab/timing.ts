/**
 * Interleaved timing with mitata: baseline and candidate alternate in rounds
 * (A B, then B A, ...) inside one process run, so slow drift (thermal, other load)
 * hits both alike. Samples are nanoseconds per call, as mitata reports them.
 */
import { measure } from "mitata";

export interface InterleavedSamples {
  /** samples[round] = the round's samples, ns */
  baseline: number[][];
  candidate: number[][];
}

/** mitata options for exactly `n` samples after its own warm-up call. */
const exactly = (n: number) => ({ min_samples: n, max_samples: n, min_cpu_time: 0, warmup_samples: 1, batch_samples: 0 }) as Parameters<typeof measure>[1];

/** Samples of `fn`, ns per call. */
export async function sample(fn: () => unknown, n: number): Promise<number[]> {
  return (await measure(fn, exactly(n))).samples.slice();
}

/** Times `baseline` and `candidate` in `rounds` alternating rounds of `perRound` samples each. */
export async function timeInterleaved(baseline: () => unknown, candidate: () => unknown, rounds: number, perRound: number, onRound?: (r: number) => void): Promise<InterleavedSamples> {
  const out: InterleavedSamples = { baseline: [], candidate: [] };
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      out.baseline.push(await sample(baseline, perRound));
      out.candidate.push(await sample(candidate, perRound));
    } else {
      out.candidate.push(await sample(candidate, perRound));
      out.baseline.push(await sample(baseline, perRound));
    }
    onRound?.(r);
  }
  return out;
}
