/**
 * Interleaved timing with mitata: baseline and candidate alternate in rounds
 * (A B, then B A, ...) inside one process run, so slow drift (thermal, other load)
 * hits both alike. Samples are nanoseconds per call, one call per sample.
 *
 * A `Timed` separates per-call set-up (a fresh VM instance, its memory image) from the
 * timed call, through mitata's parameterised benchmarks: the set-up runs outside the
 * clock. Measured here: a JIT instance's 4 GiB window reservation made run times vary
 * by ±7% between processes when it was inside the clock, and by ±1% without it.
 */
import { measure } from "mitata";

/** A thing to time: `setup` (untimed) makes the argument of one timed `run` (which returns R). */
export interface Timed<T = unknown, R = unknown> {
  setup(): T;
  run(x: T): R;
  /** releases what setup made (untimed; called before the next setup and at the end) */
  teardown?(x: T): void;
}

export interface InterleavedSamples {
  /** samples[round] = the round's samples, ns */
  baseline: number[][];
  candidate: number[][];
}

/**
 * mitata options for exactly `n` single-call samples after one warm-up call: no
 * batching (a batch would average calls, and mitata's batch size 0 divides by zero),
 * no trimming of the extreme samples (every raw sample is stored), no time floor.
 */
const exactly = (n: number) =>
  ({ min_samples: n, max_samples: n, min_cpu_time: 0, warmup_samples: 1, batch_threshold: 0, samples_threshold: Number.POSITIVE_INFINITY }) as Parameters<typeof measure>[1];

/** `n` samples of `t.run`, ns per call. */
export async function sample<T>(t: Timed<T>, n: number): Promise<number[]> {
  let live: { x: T } | undefined;
  const release = () => {
    if (live) t.teardown?.(live.x);
    live = undefined;
  };
  try {
    const stats = await measure(
      function* () {
        yield {
          [0]() {
            release();
            const x = t.setup();
            live = { x };
            return x;
          },
          bench(x: T) {
            t.run(x);
          },
        };
      },
      exactly(n),
    );
    return stats.samples.slice();
  } finally {
    release();
  }
}

/**
 * Times `baseline` and `candidate` in `rounds` alternating rounds of `perRound` samples
 * each (or [baseline, candidate] counts, when one side runs much longer). `afterRound` is awaited after each round (progress, or a checkpoint that
 * throws to abort).
 */
export async function timeInterleaved<A, B>(baseline: Timed<A>, candidate: Timed<B>, rounds: number, perRound: number | [number, number], afterRound?: (r: number) => void | Promise<void>): Promise<InterleavedSamples> {
  const [nb, nc] = typeof perRound === "number" ? [perRound, perRound] : perRound;
  const out: InterleavedSamples = { baseline: [], candidate: [] };
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      out.baseline.push(await sample(baseline, nb));
      out.candidate.push(await sample(candidate, nc));
    } else {
      out.candidate.push(await sample(candidate, nc));
      out.baseline.push(await sample(baseline, nb));
    }
    await afterRound?.(r);
  }
  return out;
}
