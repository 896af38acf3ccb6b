/**
 * The `liveness` pass: dead writes removed across blocks, using the whole-program
 * liveness of liveness-analysis.ts.
 *
 * - A pure instruction (effects.ts isPure: load_imm, load_imm_64, move_reg, ALU ops)
 *   whose destination is dead after it is deleted. Loads stay even when their result
 *   is dead: they may fault, and the fault is part of the result.
 * - A call whose return register is dead at the target (load_imm_jump rX, ret, @T with
 *   rX dead at T) becomes a plain `jump @T`, and load_imm_jump_ind with a dead rX
 *   becomes jump_ind: changed, not removed.
 *
 * Removing one write can make the writes feeding it dead, so analysis and removal
 * repeat until nothing changes. A block whose removals would make it dearer under the
 * pipeline gas model (block-gas.ts: the model is not monotone) keeps its instructions.
 */
import { noDearer, priceBlock } from "./block-gas.ts";
import type { Program } from "./cfg.ts";
import { type Op, isPure, regEffects } from "./effects.ts";
import { analyzeLiveness, liveAfterEach } from "./liveness-analysis.ts";
import type { PassResult } from "./pass.ts";

export function livenessPass(p: Program): PassResult {
  let removed = 0;
  let changed = 0;
  // blocks where a removal would have made the block dearer (block-gas.ts): left alone
  const frozen = new Set<number>();
  for (let again = true; again; ) {
    again = false;
    const lv = analyzeLiveness(p);
    for (const b of p.blocks) {
      const after = liveAfterEach(b, lv);
      const body: Op[] = [];
      b.body.forEach((op, i) => {
        const { def } = regEffects(op);
        if (!frozen.has(b.id) && isPure(op) && (after[i]! & def) === 0) return;
        body.push(op);
      });
      if (body.length < b.body.length) {
        if (noDearer(priceBlock(body, b.term), priceBlock(b.body, b.term))) {
          removed += b.body.length - body.length;
          b.body = body;
          again = true;
        } else {
          frozen.add(b.id);
        }
      }
      const t = b.term;
      if (!t) continue;
      const deadDest = (r: number | undefined) => (lv.liveOut.get(b.id)! & (1 << (r ?? 0))) === 0;
      // the terminator's own write is dead when nothing after it reads the register
      if (t.name === "load_imm_jump" && deadDest(t.ops.ra) && (lv.liveIn.get(t.target!)! & (1 << t.ops.ra!)) === 0) {
        b.term = { name: "jump", ops: {}, target: t.target, src: t.src };
        changed++;
        again = true;
      } else if (t.name === "load_imm_jump_ind" && deadDest(t.ops.ra)) {
        b.term = { name: "jump_ind", ops: { ra: t.ops.rb, x: t.ops.y }, src: t.src };
        changed++;
        again = true;
      }
    }
  }
  return { removed, changed };
}
