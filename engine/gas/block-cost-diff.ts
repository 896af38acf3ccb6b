/**
 * Comparison of computed block costs with expected ones (the `block-gas-costs` maps of
 * the jam-gas-cost-model vectors and integration programs): both maps must have the same
 * block start pcs and the same gas at each.
 */

export interface BlockCostMismatch {
  pc: number;
  /** expected gas, undefined when the expectation lists no block at pc */
  expected: number | undefined;
  /** computed gas, undefined when the code has no block start at pc */
  actual: number | undefined;
}

/** Every pc where `expected` and `actual` disagree, ascending. */
export function diffBlockCosts(expected: ReadonlyMap<number, number>, actual: ReadonlyMap<number, number>): BlockCostMismatch[] {
  const out: BlockCostMismatch[] = [];
  for (const [pc, e] of expected) {
    const a = actual.get(pc);
    if (a !== e) out.push({ pc, expected: e, actual: a });
  }
  for (const [pc, a] of actual) if (!expected.has(pc)) out.push({ pc, expected: undefined, actual: a });
  return out.sort((x, y) => x.pc - y.pc);
}

/** One line for a mismatch: `block 12: expected 5, got 7` ("no block" for a missing side). */
export function formatMismatch(m: BlockCostMismatch): string {
  const side = (v: number | undefined) => (v === undefined ? "no block" : String(v));
  return `block ${m.pc}: expected ${side(m.expected)}, got ${side(m.actual)}`;
}
