/**
 * The `stack-frame` pass: fewer spills and reloads. Inside each block, loads from stack
 * slots (addressed through sp) take the value a register already holds — the register
 * stored there, or loaded from there before — and a store to a slot that is stored
 * again before anything reads it is dropped (memory-forward.ts, policy "sp").
 *
 * The pass first asks whether sp escapes: whether any instruction reads φ1 except as the
 * base address of a load or store, or in `add_imm_64 φ1, φ1, c` (moving sp itself).
 * When it does not, no register but sp ever holds a stack address (GP A.7 starts every
 * other register without one), so stores and loads through other registers cannot
 * touch a stack slot and do not end what is known about the stack. When sp escapes
 * (a local whose address is taken), any other store does. A block's rewrite is kept
 * only where the block stays no dearer under both gas models (block-gas.ts).
 */
import { noDearer, priceBlock } from "./block-gas.ts";
import type { Program } from "./cfg.ts";
import { type Op, SP, memAccess, regEffects } from "./effects.ts";
import { forwardMemory } from "./memory-forward.ts";
import type { PassResult } from "./pass.ts";

/** Whether some instruction reads sp other than as an address base or to adjust sp. */
export function spEscapes(p: Program): boolean {
  const reads = (op: Op) => (regEffects(op).use & (1 << SP)) !== 0;
  for (const b of p.blocks) {
    for (const op of b.term ? [...b.body, b.term] : b.body) {
      if (!reads(op)) continue;
      const acc = memAccess(op);
      if (acc && acc.base === SP && acc.value !== SP) continue;
      if (op.name === "add_imm_64" && op.ops.ra === SP && op.ops.rb === SP) continue;
      return true;
    }
  }
  return false;
}

export function stackFramePass(p: Program): PassResult {
  const privateStack = !spEscapes(p);
  let removed = 0;
  let changed = 0;
  for (const b of p.blocks) {
    const r = forwardMemory(b.body, { slots: "sp", privateStack });
    if (r.body.length === b.body.length && r.changed === 0) continue;
    // kept only where the block is no dearer under both gas models (block-gas.ts)
    if (!noDearer(priceBlock(r.body, b.term), priceBlock(b.body, b.term))) continue;
    b.body = r.body;
    removed += r.removed;
    changed += r.changed;
  }
  return { removed, changed, note: privateStack ? "sp does not escape: the stack is private" : "sp escapes: other stores may alias stack slots" };
}
