/**
 * A fuzzing campaign: `count` random programs from `seed` on, each run under every ISA
 * profile and, for gp-0.7, both gas-charging modes, on a candidate backend against the
 * reference interpreter. The first mismatch is shrunk (body instructions dropped while
 * the mismatch persists) and returned with the reference's result as a reproducer.
 */
import type { Backend } from "../backend.ts";
import type { GasCharging } from "../gas/model.ts";
import type { IsaProfile } from "../isa/index.ts";
import { interpreterBackend } from "../interpreter/interpreter.ts";
import { type Outcome, difference, execute } from "./differential.ts";
import { type FuzzCase, type FuzzPlan, encodePlan, randomPlan } from "./generate.ts";

export const FUZZ_MODES: ReadonlyArray<{ profile: IsaProfile; charging?: GasCharging }> = [
  { profile: "gp-0.7", charging: "block" },
  { profile: "gp-0.7", charging: "instruction" },
  { profile: "gp-0.8-draft" },
  { profile: "jar" },
];

export interface Mismatch {
  seed: number;
  profile: IsaProfile;
  charging?: GasCharging;
  difference: string;
  /** the shrunk case and the reference's outcome on it */
  case: FuzzCase;
  expected: Outcome;
  actual: Outcome;
}

export interface CampaignResult {
  programs: number;
  runs: number;
  /** exits by status on the reference */
  statuses: Record<string, number>;
  mismatch?: Mismatch;
  /** a backend threw (a crash in JS); the message and where */
  crash?: { seed: number; profile: IsaProfile; charging?: GasCharging; message: string };
}

function compare(plan: FuzzPlan, backend: Backend, charging: GasCharging | undefined) {
  const c = encodePlan(plan);
  const expected = execute(interpreterBackend, c, charging);
  const actual = execute(backend, c, charging);
  return { c, expected, actual, diff: difference(expected, actual) };
}

/** Drops body instructions one by one while the mismatch remains. */
export function shrink(plan: FuzzPlan, backend: Backend, charging: GasCharging | undefined): FuzzPlan {
  let cur = plan;
  let progress = true;
  while (progress) {
    progress = false;
    for (let b = 0; b < cur.blocks.length; b++) {
      for (let k = cur.blocks[b]!.length - 2; k >= 0; k--) {
        const blocks = cur.blocks.map((x) => x.slice());
        blocks[b]!.splice(k, 1);
        const next = { ...cur, blocks };
        if (compare(next, backend, charging).diff) {
          cur = next;
          progress = true;
        }
      }
    }
  }
  return cur;
}

/** Runs the campaign; stops at the first mismatch or crash. `onProgress` gets programs done. */
export function runCampaign(backend: Backend, count: number, seed: number, onProgress?: (done: number) => void): CampaignResult {
  const res: CampaignResult = { programs: 0, runs: 0, statuses: {} };
  for (let s = seed; s < seed + count; s++) {
    for (const mode of FUZZ_MODES) {
      const plan = randomPlan(s, mode.profile);
      let r: ReturnType<typeof compare>;
      try {
        r = compare(plan, backend, mode.charging);
      } catch (e) {
        res.crash = { seed: s, profile: mode.profile, charging: mode.charging, message: (e as Error).message };
        return res;
      }
      res.runs++;
      for (const e of r.expected.exits) res.statuses[e.status] = (res.statuses[e.status] ?? 0) + 1;
      if (r.diff) {
        const small = shrink(plan, backend, mode.charging);
        const again = compare(small, backend, mode.charging);
        res.mismatch = { seed: s, profile: mode.profile, charging: mode.charging, difference: again.diff ?? r.diff, case: again.c, expected: again.expected, actual: again.actual };
        return res;
      }
    }
    res.programs++;
    onProgress?.(res.programs);
  }
  return res;
}
