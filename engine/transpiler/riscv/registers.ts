/**
 * RISC-V integer registers and their PVM homes. RV64E has x0..x15; the PVM has φ0..φ12.
 *
 *   RV     ABI    PVM        RV       ABI      PVM
 *   x0     zero   (none)     x5..x7   t0..t2   φ2..φ4
 *   x1     ra     φ0         x8, x9   s0, s1   φ5, φ6
 *   x2     sp     φ1         x10..x15 a0..a5   φ7..φ12
 *   x3/x4  gp/tp  (none)     x16..x31          (none: not in RV64E)
 *
 * So the RV calling convention lands on the PVM's: ra = φ0 (the halt address at start),
 * sp = φ1 (the stack top), a0 = φ7 (the result).
 */

export const RV_ABI_NAMES = [
  "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
  "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
] as const;

/** ABI name of register x`x`. */
export function rvRegName(x: number): string {
  return RV_ABI_NAMES[x] ?? `x${x}`;
}

/** The PVM register of x`x` (1 ≤ x), or undefined when it has none (x0, gp, tp, x16+). */
export function pvmRegOf(x: number): number | undefined {
  if (x === 1 || x === 2) return x - 1;
  if (x >= 5 && x <= 15) return x - 3;
  return undefined;
}
