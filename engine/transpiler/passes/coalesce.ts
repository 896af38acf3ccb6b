/**
 * Copy coalescing inside one basic block, for the peephole pass:
 *
 *     D = f(S)        (pure: effects.ts isPure, and not a cmov)
 *     ...             (k instructions)
 *     Y = D           (move_reg), with D dead after it
 *
 * becomes one instruction `Y = f(S)`, either
 *   sunk    to the move's place, when D is not in S and nothing in between writes a
 *           register of S or reads or writes D; or
 *   renamed at the definition's place, when nothing in between reads or writes Y;
 *           the reads of D in between read Y instead. Reads of Y in between are first
 *           cleared where possible: a reader that commutes with the definition and
 *           what follows it moves above the definition, and another reads a register a
 *           move made equal to Y. So fib's loop `t2 = t0 + a5; t1 = a5; t0 = a5; a5 = t2`
 *           becomes `t1 = a5; a5 = t0 + a5; t0 = t1`.
 * Either way Y gets the same value at the move and D's value is not needed later, so
 * the results are identical and one instruction is gone. RISC-V compilers leave such
 * pairs at loop ends (`addi a5, a4, 2; ...; mv a4, a5`).
 */
import { type Op, isPure, regEffects, renameSources, withDest } from "./effects.ts";
import { liveBefore } from "./liveness-analysis.ts";

/** Whether `a` can move above every op of `list` (no register read or written by one is written by the other). */
function commutes(a: Op, list: readonly Op[]): boolean {
  const ea = regEffects(a);
  return list.every((b) => {
    const eb = regEffects(b);
    return !(ea.def & (eb.use | eb.def)) && !(eb.def & ea.use);
  });
}

/** A register equal to `y` just before ops[j]: Z of a `move_reg Z, y` with neither written since. */
function equalRegister(ops: readonly Op[], j: number, y: number): number | undefined {
  let written = 0;
  for (let i = j - 1; i >= 0; i--) {
    const op = ops[i]!;
    if (op.name === "move_reg" && op.ops.ra === y && !(written & ((1 << y) | (1 << op.ops.rd!)))) return op.ops.rd!;
    written |= regEffects(op).def;
    if (written & (1 << y)) return undefined;
  }
  return undefined;
}

/**
 * Makes the ops between the definition at k and the move at m stop reading y, so that
 * the definition can be renamed to y: a reader that commutes with everything from the
 * definition on moves above it; any other reads a register equal to y instead (one a
 * move copied y into, neither changed since). Returns the rearranged body and the
 * definition's new index, or undefined.
 */
function clearReads(ops: readonly Op[], k: number, m: number, y: number): { ops: Op[]; k: number } | undefined {
  const out = [...ops];
  let def = k;
  for (let j = def + 1; j < m; j++) {
    const op = out[j]!;
    if (!(regEffects(op).use & (1 << y))) continue;
    if (isPure(op) && commutes(op, out.slice(def, j))) {
      out.splice(j, 1);
      out.splice(def, 0, op);
      def++;
      continue;
    }
    const z = equalRegister(out, j, y);
    if (z === undefined) return undefined;
    const renamed = renameSources(op, y, z);
    if (regEffects(renamed).use & (1 << y)) return undefined;
    out[j] = renamed;
  }
  return { ops: out, k: def };
}

/**
 * Coalesces every eligible pair of `body` (live-out `liveOut`, terminator `term`) that
 * `accept` (given the body before and after) allows; returns the new body and the count.
 */
export function coalesce(body: readonly Op[], term: Op | null, liveOut: number, accept: (before: Op[], after: Op[]) => boolean = () => true): { body: Op[]; removed: number } {
  let ops = [...body];
  let removed = 0;
  const tail = term ? [term] : [];
  /** moves already tried and refused by `accept` */
  const refused = new Set<Op>();
  const take = (next: Op[], mv: Op): boolean => {
    if (!accept(ops, next)) {
      refused.add(mv);
      return false;
    }
    ops = next;
    removed++;
    return true;
  };
  for (let again = true; again; ) {
    again = false;
    for (let m = 0; m < ops.length && !again; m++) {
      const mv = ops[m]!;
      if (mv.name !== "move_reg" || mv.ops.rd === mv.ops.ra || refused.has(mv)) continue;
      const y = mv.ops.rd!;
      const d = mv.ops.ra!;
      const dBit = 1 << d;
      const yBit = 1 << y;
      if (liveBefore([...ops.slice(m + 1), ...tail], liveOut) & dBit) continue;
      let k = m - 1;
      while (k >= 0 && !(regEffects(ops[k]!).def & dBit)) k--;
      if (k < 0) continue;
      const def = ops[k]!;
      const e = regEffects(def);
      if (!isPure(def) || e.kill !== dBit) continue;
      const between = ops.slice(k + 1, m);
      const effects = between.map(regEffects);
      // sinking re-reads S at the move, so D must not be one of its own sources
      const sinkOk = !(e.use & dBit) && effects.every((x) => !(x.def & e.use) && !((x.use | x.def) & dBit));
      if (sinkOk && take([...ops.slice(0, k), ...between, withDest(def, y), ...ops.slice(m + 1)], mv)) {
        again = true;
        continue;
      }
      // Renaming needs y untouched in between; reads of y may be cleared first (clearReads).
      // A host call reads φ7..φ12 without operand fields to rename.
      if (effects.some((x) => x.def & yBit)) continue;
      const cleared = effects.some((x) => x.use & yBit) ? clearReads(ops, k, m, y) : { ops, k };
      if (!cleared) continue;
      const k2 = cleared.k;
      const mid = cleared.ops.slice(k2 + 1, m);
      const renameOk = mid.every((op) => {
        const x = regEffects(op);
        return !((x.use | x.def) & yBit) && !(x.use & dBit && (op.name === "ecalli" || op.name === "ecall"));
      });
      if (renameOk) {
        refused.delete(mv);
        if (take([...cleared.ops.slice(0, k2), withDest(def, y), ...mid.map((op) => renameSources(op, d, y)), ...cleared.ops.slice(m + 1)], mv)) again = true;
      }
    }
  }
  return { body: ops, removed };
}
