/**
 * Skip distance (GP A.3): skip(i) = min(24, j ∈ N : (k ⌢ [1,1,...])_{i+1+j} = 1).
 * The only implementation of the rule in the project.
 */

/** Maximum skip (GP A.3); an instruction is at most 25 bytes apart from the next. */
export const MAX_SKIP = 24;

/**
 * skip(i) for the unpacked opcode bitmask `mask` (one byte per code byte, 1 = opcode start).
 * Bits past the end of the mask count as set.
 */
export function skip(mask: Uint8Array, i: number): number {
  const n = mask.length;
  for (let j = 0; j < MAX_SKIP; j++) {
    const k = i + 1 + j;
    if (k >= n || mask[k] === 1) return j;
  }
  return MAX_SKIP;
}
