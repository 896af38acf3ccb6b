/**
 * The `superblock` pass: trace formation by tail duplication.
 *
 * Heuristic: an unconditional `jump @T` to a small block T (at most MAX_COPY
 * instructions, and T is not the jumping block itself) is replaced by a copy of T's
 * instructions and terminator, when T ends in something other than a plain
 * fallthrough (a branch, a jump, a return, a trap): the path through the jump then runs
 * as one block — one instruction (the jump) fewer each time it runs, and one basic block
 * fewer for the pipeline gas model, which charges per block (a jump ends a block at
 * about 15 gas there, a fallthrough at 2). `load_imm_jump r, c, @T` is copied the same
 * way, keeping `load_imm r, c` — the same count, one block fewer — when T ends for good
 * (a jump, a return, a trap), since a copied branch would need a jump on one side.
 *
 * A copied branch continues where T continued, which is not laid out after the copy,
 * so flatten (cfg.ts) adds a jump to the copy's `next`. The copy is oriented so that
 * jump sits on the colder side: if T's fallthrough side is a loop back edge from the
 * copy (laid out at or before the jumping block — the compiler's layout, before the
 * layout pass) and its taken side is not, the branch is inverted so that the back edge
 * is taken; otherwise it is kept. A
 * loop whose latch jumped back to its test is so rotated: the latch tests and branches
 * back directly.
 *
 * A copy is made only when the path through it — plus the jump a copied branch needs
 * on one side unless that side is laid out next — is no dearer under both gas models
 * than the jump and T were (block-gas.ts). T itself stays for its other predecessors. Copying stops after COPY_ROUNDS rounds and
 * when the code has grown by GROWTH of its size (at least MIN_BUDGET instructions).
 */
import type { OpcodeName } from "../../isa/index.ts";
import { noDearer, priceBlock } from "./block-gas.ts";
import { type Block, END, type Program, countOps } from "./cfg.ts";
import { INVERSE_BRANCH, type Op, isBranch, isNoFallthrough } from "./effects.ts";
import type { PassResult } from "./pass.ts";

export const MAX_COPY = 8;
const COPY_ROUNDS = 2;
const GROWTH = 0.2;
const MIN_BUDGET = 64;

const copyOp = (op: Op): Op => ({ ...op, ops: { ...op.ops } });
const JUMP: Op = { name: "jump", ops: {}, target: 0 };

/**
 * Whether `jumper`'s `jump`/`load_imm_jump` to `target` is one this pass copies (before
 * the size budget): target small, not the jumper, ending in something other than a
 * plain fallthrough; for load_imm_jump, ending for good.
 */
export function copyCandidate(jumper: Block, target: Block): boolean {
  const t = jumper.term;
  if (!t || (t.name !== "jump" && t.name !== "load_imm_jump") || target.id === jumper.id) return false;
  if (!target.term || target.term.name === "fallthrough" || target.body.length + 1 > MAX_COPY) return false;
  return t.name === "jump" || isNoFallthrough(target.term.name);
}

export function superblockPass(p: Program): PassResult {
  let budget = Math.max(MIN_BUDGET, Math.floor(countOps(p) * GROWTH));
  let removed = 0;
  let changed = 0;
  let added = 0;
  for (let round = 0; round < COPY_ROUNDS; round++) {
    const byId = new Map(p.blocks.map((b) => [b.id, b]));
    const pos = new Map(p.blocks.map((b, i) => [b.id, i]));
    const backEdge = (from: number, to: number | null | undefined) => to !== null && to !== undefined && to !== END && pos.get(to)! <= pos.get(from)!;
    let copied = false;
    for (const b of p.blocks) {
      const t = b.term;
      if (!t || t.target === undefined) continue;
      const target: Block = byId.get(t.target)!;
      // (load_imm_jump already costs one instruction like the load_imm that replaces it:
      // a copied branch would add a jump on one side, so only what ends for good)
      if (!copyCandidate(b, target)) continue;
      const size = target.body.length + 1;
      if (size > budget) continue;
      const tt = target.term!;
      const copyBody = [...b.body, ...(t.name === "load_imm_jump" ? [{ name: "load_imm" as const, ops: { ra: t.ops.ra, x: t.ops.x }, src: t.src }] : []), ...target.body];
      // the path through the copy (plus a jump on one side of a copied branch) must be
      // no dearer than the path through the jump under both gas models
      const copy = priceBlock(copyBody, tt);
      // a jump is needed unless one side of the copied branch is laid out after b
      const following = p.blocks[pos.get(b.id)! + 1]?.id;
      const needsJump = isBranch(tt.name) && tt.target !== following && target.next !== following;
      const extra = needsJump ? priceBlock([], JUMP) : { count: 0, pipeline: 0 };
      const viaJump = [priceBlock(b.body, t), priceBlock(target.body, tt)];
      if (!noDearer({ count: copy.count + extra.count, pipeline: copy.pipeline + extra.pipeline }, { count: viaJump[0]!.count + viaJump[1]!.count, pipeline: viaJump[0]!.pipeline + viaJump[1]!.pipeline })) continue;
      if (t.name === "load_imm_jump") b.body.push({ name: "load_imm", ops: { ra: t.ops.ra, x: t.ops.x }, src: t.src });
      else removed++; // the jump
      b.body.push(...target.body.map(copyOp));
      b.term = copyOp(tt);
      b.next = target.next;
      if (isBranch(tt.name) && target.next !== END && !backEdge(b.id, tt.target) && backEdge(b.id, target.next)) {
        // the fallthrough side is the loop back edge: take it by branch, jump to the exit
        b.term = { ...b.term, name: INVERSE_BRANCH[tt.name] as OpcodeName, target: target.next! };
        b.next = tt.target!;
      }
      budget -= size;
      added += size;
      changed++;
      copied = true;
    }
    if (!copied) break;
  }
  return { removed, changed, added };
}
