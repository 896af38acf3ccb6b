/**
 * Execution-unit vectors x̌ and x9 of the gas-cost-model draft (A.45, A.51–A.53) packed
 * into one integer, so that "x̌ ≤ x9" (every kind at once), taking and returning units
 * are single integer operations on the simulator's hot path.
 *
 * Layout: 4 bits per kind, A in bits 0..3, L 4..7, S 8..11, M 12..15, D 16..19. Counts
 * never exceed 4, so bit 3 of each field is free to act as a guard: (x9 | GUARD) - x̌
 * keeps a field's guard bit set exactly when that field did not go below zero.
 */
import type { Units } from "./pipeline-costs.ts";

const GUARD = 0x88888;

/** Packs a unit vector; throws RangeError for a count outside 0..7. */
export function packUnits(u: Units): number {
  let v = 0;
  for (let k = 0; k < 5; k++) {
    const n = u[k]!;
    if (!Number.isInteger(n) || n < 0 || n > 7) throw new RangeError(`execution units: count ${n} outside 0..7`);
    v |= n << (4 * k);
  }
  return v;
}

/** Whether every kind in `need` is available in `avail` (both packed). */
export function unitsFit(avail: number, need: number): boolean {
  return (((avail | GUARD) - need) & GUARD) === GUARD;
}
