/**
 * The `peephole` pass: rewrites inside each basic block, using the whole-program
 * liveness (liveness-analysis.ts) at the block's end.
 *
 *   constants      registers set by load_imm / load_imm_64 (or folded) in the block are
 *                  known; an op with a known source takes the *_imm form (load_imm +
 *                  alu → alu_imm, incl. the `_alt` shifts and neg_add for a constant
 *                  first operand), a branch the *_imm branch, a store the store_imm form,
 *                  cmov the cmov_*_imm form (fold.ts); an op whose inputs are all known
 *                  becomes load_imm of its value; a branch decided by known values becomes
 *                  a jump or a fallthrough
 *   branch fusion  `set_lt* t, a, b; branch_ne_imm t, 0` → `branch_lt* a, b` (and eq → the
 *                  inverse; xor/sub → branch_eq/ne; xor_imm/add_imm → branch_*_imm) when t
 *                  dies at the branch
 *   jump fusion    `load_imm r, c; jump @T` → `load_imm_jump r, c, @T`;
 *                  `load_imm r, c; jump_ind s, o` → `load_imm_jump_ind r, s, c, o` (r ≠ s)
 *   memory         load forwarding and dead stores for slots not addressed through sp
 *                  (memory-forward.ts; sp slots are the stack-frame pass's)
 *   coalescing     `D = f(S); …; Y = D` with D dead → `Y = f(S)` (coalesce.ts)
 *   dead writes    pure ops whose result is dead before the block ends
 *
 * The pipeline gas model (A.9) is not monotone in the instructions, so every step is
 * priced per block and undone where it would cost more (see peepholePass).
 */
import type { OpcodeName } from "../../isa/index.ts";
import { noDearer, priceBlock } from "./block-gas.ts";
import type { Block, Program } from "./cfg.ts";
import { coalesce } from "./coalesce.ts";
import { type Op, destOf, isPure, regEffects } from "./effects.ts";
import { type Known, branchOutcome, evaluate, fitImm, loadConst, withImmediate } from "./fold.ts";
import { analyzeLiveness } from "./liveness-analysis.ts";
import { forwardMemory } from "./memory-forward.ts";
import type { PassContext, PassResult } from "./pass.ts";
import { copyCandidate } from "./superblock.ts";

/** Compare-then-branch-on-zero: the fused branch for `branch_ne_imm t, 0` (ne) and `branch_eq_imm t, 0` (eq). */
const FUSE: Partial<Record<OpcodeName, { ne: OpcodeName; eq: OpcodeName; form: "rrr" | "rri" }>> = {
  set_lt_u: { ne: "branch_lt_u", eq: "branch_ge_u", form: "rrr" },
  set_lt_s: { ne: "branch_lt_s", eq: "branch_ge_s", form: "rrr" },
  xor: { ne: "branch_ne", eq: "branch_eq", form: "rrr" },
  sub_64: { ne: "branch_ne", eq: "branch_eq", form: "rrr" },
  set_lt_u_imm: { ne: "branch_lt_u_imm", eq: "branch_ge_u_imm", form: "rri" },
  set_lt_s_imm: { ne: "branch_lt_s_imm", eq: "branch_ge_s_imm", form: "rri" },
  set_gt_u_imm: { ne: "branch_gt_u_imm", eq: "branch_le_u_imm", form: "rri" },
  set_gt_s_imm: { ne: "branch_gt_s_imm", eq: "branch_le_s_imm", form: "rri" },
  xor_imm: { ne: "branch_ne_imm", eq: "branch_eq_imm", form: "rri" },
  add_imm_64: { ne: "branch_ne_imm", eq: "branch_eq_imm", form: "rri" },
};

interface Counts {
  removed: number;
  changed: number;
}

/**
 * Puts `edits` into block `b`, all at once when the block stays no dearer (block-gas.ts),
 * else one at a time, keeping each that leaves it no dearer. `apply` makes one edit
 * (on the current block) and returns false when it no longer applies. Returns the
 * number kept.
 */
function applyPriced<E>(b: Block, edits: readonly E[], apply: (b: Block, e: E) => boolean): number {
  if (!edits.length) return 0;
  const snapshot = () => ({ body: [...b.body], term: b.term, next: b.next });
  const restore = (s: ReturnType<typeof snapshot>) => {
    b.body = s.body;
    b.term = s.term;
    b.next = s.next;
  };
  const start = snapshot();
  const before = priceBlock(b.body, b.term);
  let all = 0;
  for (const e of edits) if (apply(b, e)) all++;
  if (noDearer(priceBlock(b.body, b.term), before)) return all;
  restore(start);
  let kept = 0;
  for (const e of edits) {
    const s = snapshot();
    const price = priceBlock(b.body, b.term);
    if (!apply(b, e)) continue;
    if (noDearer(priceBlock(b.body, b.term), price)) kept++;
    else restore(s);
  }
  return kept;
}

/** Known constants, immediate forms and folding over the body; the terminator decided or rewritten. */
function constants(b: Block, n: Counts): void {
  // What is known follows from the original instructions; every rewrite keeps the values
  // they compute, so each rewrite can be taken or left on its own.
  const known = new Map<number, bigint>();
  const rewrites: Array<{ at: number; op: Op }> = [];
  b.body.forEach((op, at) => {
    let cur = withImmediate(op, known as Known) ?? op;
    // (a move of a known value stays a move: it is no dearer than load_imm, and cheaper in the pipeline model)
    if (isPure(cur) && cur.name !== "load_imm" && cur.name !== "load_imm_64" && cur.name !== "move_reg") {
      const v = evaluate(cur, known);
      if (v !== undefined) cur = loadConst(destOf(cur), v, cur.src);
    }
    if (cur !== op) rewrites.push({ at, op: cur });
    const e = regEffects(op);
    const value = e.kill && destOf(op) >= 0 ? evaluate(op, known) : undefined;
    for (let r = 0; r < 13; r++) if (e.def & (1 << r)) known.delete(r);
    if (value !== undefined) known.set(destOf(op), value);
  });
  n.changed += applyPriced(b, rewrites, (blk, r) => {
    blk.body[r.at] = r.op;
    return true;
  });
  const t = b.term;
  if (!t || !t.name.startsWith("branch_")) return;
  const imm = withImmediate(t, known);
  const taken = branchOutcome(imm ?? t, known);
  let term: Op | undefined = imm;
  let next = b.next;
  if (taken === true) {
    term = { name: "jump", ops: {}, target: t.target, src: t.src };
    next = null;
  } else if (taken === false) {
    term = { name: "fallthrough", ops: {}, src: t.src };
  }
  if (term) {
    n.changed += applyPriced(b, [term], (blk, newTerm) => {
      blk.term = newTerm;
      blk.next = next;
      return true;
    });
  }
}

/** Compare + branch-on-zero fusion, when the compared register dies at the branch. */
function fuseBranch(b: Block, liveOut: number, n: Counts): void {
  const t = b.term;
  if (!t || (t.name !== "branch_ne_imm" && t.name !== "branch_eq_imm") || (t.ops.x ?? 0) !== 0) return;
  const r = t.ops.ra!;
  if (liveOut & (1 << r)) return;
  let k = b.body.length - 1;
  while (k >= 0 && !(regEffects(b.body[k]!).def & (1 << r))) {
    if (regEffects(b.body[k]!).use & (1 << r)) return;
    k--;
  }
  if (k < 0) return;
  const def = b.body[k]!;
  const f = FUSE[def.name];
  if (!f || regEffects(def).kill !== 1 << r) return;
  const e = regEffects(def);
  for (const op of b.body.slice(k + 1)) if (regEffects(op).def & e.use) return;
  const name = t.name === "branch_ne_imm" ? f.ne : f.eq;
  let fused: Op;
  if (f.form === "rrr") {
    fused = { name, ops: { ra: def.ops.ra, rb: def.ops.rb }, target: t.target, src: t.src };
  } else {
    // add_imm t, a, c is zero exactly when a = -c
    const x = def.name === "add_imm_64" ? fitImm(BigInt.asUintN(64, -BigInt(def.ops.x ?? 0))) : def.ops.x;
    if (x === undefined) return;
    fused = { name, ops: { ra: def.ops.rb, x }, target: t.target, src: t.src };
  }
  b.body.splice(k, 1);
  b.term = fused;
  n.removed++;
}

/** load_imm + jump / jump_ind → load_imm_jump / load_imm_jump_ind. */
function fuseJump(b: Block, n: Counts): void {
  const t = b.term;
  const last = b.body[b.body.length - 1];
  if (!t || !last || last.name !== "load_imm") return;
  if (t.name === "jump") {
    b.term = { name: "load_imm_jump", ops: { ra: last.ops.ra, x: last.ops.x }, target: t.target, src: t.src };
  } else if (t.name === "jump_ind" && t.ops.ra !== last.ops.ra) {
    b.term = { name: "load_imm_jump_ind", ops: { ra: last.ops.ra, rb: t.ops.ra, x: last.ops.x, y: t.ops.x }, src: t.src };
  } else {
    return;
  }
  b.body.pop();
  n.removed++;
}

/** Indices of the pure body ops whose result is dead before the block ends (live-out from the global analysis). */
function deadWrites(b: Block, liveOut: number): number[] {
  let live = liveOut;
  if (b.term) {
    const e = regEffects(b.term);
    live = (live & ~e.kill) | e.use;
  }
  const dead: number[] = [];
  for (let i = b.body.length - 1; i >= 0; i--) {
    const op = b.body[i]!;
    const e = regEffects(op);
    if (isPure(op) && !(live & e.def)) {
      dead.push(i);
      continue;
    }
    live = (live & ~e.kill) | e.use;
  }
  return dead;
}

/** Removes dead pure ops, each only where the block stays no dearer; returns the count. */
export function removeDeadWrites(b: Block, liveOut: number): number {
  let removed = 0;
  for (let round = 0; round < 4; round++) {
    // indices from the end, so removing one leaves the others' indices valid
    const dead = deadWrites(b, liveOut).map((i) => b.body[i]!);
    const kept = applyPriced(b, dead, (blk, op) => {
      const i = blk.body.indexOf(op);
      if (i < 0) return false;
      blk.body.splice(i, 1);
      return true;
    });
    removed += kept;
    if (!kept) break;
  }
  return removed;
}

/**
 * Runs the rewrite steps over every block. Every rewrite is kept only where it leaves the
 * block no dearer under both gas models (block-gas.ts): constants, coalescing and dead
 * writes rewrite by rewrite (all at once when that is no dearer), the other steps as a
 * whole per block; otherwise the block is put back as it was. With the superblock pass selected, `load_imm; jump @T`
 * is not fused where T is a block superblock.ts will copy into the jump's place (the
 * copy saves the jump's block; a fused load_imm_jump would keep it).
 */
export function peepholePass(p: Program, ctx: PassContext): PassResult {
  const n: Counts = { removed: 0, changed: 0 };
  // Rewrites only remove uses, so live-out sets computed up front stay safe supersets.
  const lv = analyzeLiveness(p);
  const byId = new Map(p.blocks.map((b) => [b.id, b]));
  const copied = (b: Block) => ctx.enabled.has("superblock") && b.term?.name === "jump" && copyCandidate(b, byId.get(b.term.target!)!);
  const steps: Array<(b: Block, liveOut: number, n: Counts) => void> = [
    (b) => constants(b, n),
    (b, liveOut) => fuseBranch(b, liveOut, n),
    (b) => {
      const mem = forwardMemory(b.body, { slots: "not-sp", privateStack: false });
      b.body = mem.body;
      n.changed += mem.changed;
      n.removed += mem.removed;
    },
    (b, liveOut) => {
      const c = coalesce(b.body, b.term, liveOut, (before, after) => noDearer(priceBlock(after, b.term), priceBlock(before, b.term)));
      b.body = c.body;
      n.removed += c.removed;
    },
    (b, liveOut) => {
      n.removed += removeDeadWrites(b, liveOut);
    },
    (b) => {
      if (!copied(b)) fuseJump(b, n);
    },
  ];
  for (const b of p.blocks) {
    const liveOut = lv.liveOut.get(b.id)!;
    for (const step of steps) {
      const saved = { body: b.body, term: b.term, next: b.next, removed: n.removed, changed: n.changed };
      const before = priceBlock(b.body, b.term);
      b.body = [...b.body];
      step(b, liveOut, n);
      if (b.body.length === saved.body.length && b.term === saved.term && b.body.every((op, i) => op === saved.body[i])) continue;
      if (!noDearer(priceBlock(b.body, b.term), before)) {
        b.body = saved.body;
        b.term = saved.term;
        b.next = saved.next;
        n.removed = saved.removed;
        n.changed = saved.changed;
      }
    }
  }
  return n;
}
