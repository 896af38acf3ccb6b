/**
 * The virtual CPU of the gas-cost-model draft, A.9 (A.45–A.53), run over one basic
 * block. One loop iteration is one cycle; inside it the draft's transition order
 * (A.46) applies: decode while the next instruction fits the remaining decode slots and
 * the reorder buffer has room (Ξ′), then start ready instructions while start slots
 * remain (Ξ″), then stop once the buffer is empty and the terminator decoded, else
 * advance the clock (Ξ‴).
 *
 * Reorder-buffer entries are numbered in decode order (j = n9 at decode) and live in a
 * ring of 32 slots (the buffer's capacity); states follow the draft: 1 decoded,
 * 2 waiting, 3 executing, 4 done; retirement (state ∅) is in order.
 *
 * Register renaming r⃗ is kept as `producer[reg]`: the entry whose result the register
 * will hold, or -1 when the value is ready. Each register has at most one producer,
 * which is exactly the draft's invariant on r⃗ (A.49, A.50).
 */
import { F_MOVE, F_TERMINATOR, type PipelineCode, prepareAt } from "./pipeline-prep.ts";
import { packUnits, unitsFit } from "./pipeline-units.ts";
import { UNITS_AVAILABLE } from "./pipeline-costs.ts";
import type { MemoryTier } from "./model.ts";

const ROB_SIZE = 32;
const RING = ROB_SIZE - 1;
const DECODE_SLOTS = 4;
const START_SLOTS = 5;
const ALL_UNITS = packUnits(UNITS_AVAILABLE);
/** A.47: cycles beyond the pipeline's own depth are the price. */
const PIPELINE_DEPTH = 3;

// Scratch state, reused by every call (the simulation is not re-entrant).
const state = new Uint8Array(ROB_SIZE);
const left = new Int32Array(ROB_SIZE);
const need = new Int32Array(ROB_SIZE);
const dep0 = new Int32Array(ROB_SIZE);
const dep1 = new Int32Array(ROB_SIZE);
const producer = new Int32Array(13);

/**
 * ϱı of A.47 for the block (or straight-line segment) starting at `start`: the number
 * of cycles until every instruction through the first terminator has retired, minus 3,
 * at least 1. `start` must be in 0..code.length.
 */
export function simulateBlock(p: PipelineCode, start: number, tier: MemoryTier): number {
  producer.fill(-1);
  let pc = start; // ı, or -1 once the terminator is decoded (∅)
  let head = 0; // oldest live entry
  let n = 0; // entries decoded so far (n9)
  let cycle = 0; // c9
  let units = ALL_UNITS; // x9
  for (;;) {
    // Ξ′: decode (A.48–A.50). At step 0 the draft decodes unconditionally; with an
    // empty buffer and 4 fresh slots every instruction fits anyway.
    let slots = DECODE_SLOTS;
    while (pc >= 0 && n - head < ROB_SIZE) {
      const flags = prepareAt(p, pc, tier);
      const d = p.decode[pc]!;
      if (d > slots) break;
      slots -= d;
      const dst = p.dst[pc]!;
      if (flags & F_MOVE) {
        // A.49: the destination now names whatever its source names.
        producer[dst] = producer[31 - Math.clz32(p.src[pc]!)]!;
        pc = p.next[pc]!;
        continue;
      }
      const s = n & RING;
      const src = p.src[pc]!;
      let a = -1;
      let b = -1;
      for (let m = src; m !== 0; m &= m - 1) {
        const k = producer[31 - Math.clz32(m & -m)]!;
        if (k < 0 || k === a) continue;
        if (a < 0) a = k;
        else b = k;
      }
      state[s] = 1;
      left[s] = p.latency[pc]!;
      need[s] = p.units[pc]!;
      dep0[s] = a;
      dep1[s] = b;
      if (dst >= 0) producer[dst] = n;
      n++;
      pc = flags & F_TERMINATOR ? -1 : p.next[pc]!;
    }
    // Ξ″: start the oldest ready entries (A.51, A.52). One pass suffices: starting an
    // entry only takes units away, so no older entry becomes ready behind the scan.
    let starts = START_SLOTS;
    for (let j = head; j < n && starts > 0; j++) {
      const s = j & RING;
      if (state[s] !== 2 || !unitsFit(units, need[s]!)) continue;
      const a = dep0[s]!;
      if (a >= head && left[a & RING]! > 0) continue;
      const b = dep1[s]!;
      if (b >= head && left[b & RING]! > 0) continue;
      state[s] = 3;
      units -= need[s]!;
      starts--;
    }
    // A.46 stops at an empty buffer; the vectors also require the whole block to be
    // decoded (doom's block 212089: move_reg, then a 4-slot instruction that only fits
    // in the next cycle, costs 17, not 1).
    if (n === head && pc < 0) return Math.max(cycle - PIPELINE_DEPTH, 1);
    // Ξ‴: advance the clock (A.53). Retirement looks at the states before this cycle's
    // transitions, so an entry finishing now retires one cycle later.
    while (head < n && state[head & RING] === 4) head++;
    // Whether the next cycle can differ from a pure countdown: a state change, freed
    // units or registers, a start held back only by the start slots, or room to decode.
    let event = starts === 0 || (pc >= 0 && n - head < ROB_SIZE);
    let soonest = 0x7fffffff; // smallest remaining latency among executing entries
    for (let j = head; j < n; j++) {
      const s = j & RING;
      const st = state[s]!;
      if (st === 1) {
        state[s] = 2;
        event = true;
      } else if (st === 3) {
        const c = left[s]!;
        if (c === 0) {
          state[s] = 4;
          event = true;
        } else if (c === 1) {
          units += need[s]!;
          for (let r = 0; r < 13; r++) if (producer[r] === j) producer[r] = -1;
          event = true;
        } else if (c - 1 < soonest) soonest = c - 1;
        left[s] = c - 1;
      }
    }
    cycle++;
    // Fast-forward: until the soonest executing entry is one cycle from done, every
    // cycle is decode-nothing, start-nothing, count down. Skip those cycles at once.
    // pipeline-reference.ts runs every cycle; pipeline.test.ts checks they agree.
    if (!event && soonest !== 0x7fffffff && soonest > 1) {
      const skip = soonest - 1;
      for (let j = head; j < n; j++) if (state[j & RING] === 3) left[j & RING]! -= skip;
      cycle += skip;
    }
  }
}
