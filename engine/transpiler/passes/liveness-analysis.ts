/**
 * Register liveness over the whole program (the classic backward dataflow: live-in(b) =
 * use(b) ∪ (live-out(b) − kill(b)), live-out(b) = ∪ live-in(successors)), with what
 * happens where control leaves the code we can see:
 *
 *   jump_ind / load_imm_jump_ind   may go to any jump-table entry (GP A.18: djump only
 *                                  reaches code through the table) or to the halt
 *                                  address: live-out = ∪ live-in(jump-table blocks) ∪
 *                                  HALT_LIVE. Returns, indirect calls and switch
 *                                  dispatch are all covered, without ABI assumptions.
 *   halt                           φ7 (a0, the run's result) is live: the transpiled
 *                                  entry's return ends the run with its a0 in φ7
 *                                  (ARCHITECTURE.md, `bun lab transpile`). Other
 *                                  registers at halt are not part of the result.
 *   ecalli                         the host reads φ7..φ12 (the guest host-call ABI)
 *   trap, the end of the code      nothing is live (a panic has no result registers)
 *
 * Page faults and running out of gas end a run abnormally too; registers at such an
 * exit are not results either, so they add no uses.
 */
import { type Block, END, type Program } from "./cfg.ts";
import { HALT_LIVE, type Op, isIndirect, regEffects } from "./effects.ts";

export interface Liveness {
  liveIn: Map<number, number>;
  liveOut: Map<number, number>;
}

/** Registers live just before `ops` run, given `out` live after them. */
export function liveBefore(ops: readonly Op[], out: number): number {
  let live = out;
  for (let i = ops.length - 1; i >= 0; i--) {
    const e = regEffects(ops[i]!);
    live = (live & ~e.kill) | e.use;
  }
  return live;
}

function blockOps(b: Block): Op[] {
  return b.term ? [...b.body, b.term] : b.body;
}

/** Live-in and live-out of every block of `p`. */
export function analyzeLiveness(p: Program): Liveness {
  const liveIn = new Map<number, number>();
  const liveOut = new Map<number, number>();
  for (const b of p.blocks) liveIn.set(b.id, 0);
  const outOf = (b: Block): number => {
    let out = 0;
    if (b.term && isIndirect(b.term.name)) {
      out |= HALT_LIVE;
      for (const id of p.jumpTable) out |= liveIn.get(id)!;
    }
    if (b.term?.target !== undefined) out |= liveIn.get(b.term.target)!;
    if (b.next !== null && b.next !== END) out |= liveIn.get(b.next)!;
    return out;
  };
  // Iterate in reverse layout order until nothing changes (masks only grow).
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = p.blocks.length - 1; i >= 0; i--) {
      const b = p.blocks[i]!;
      const out = outOf(b);
      const inn = liveBefore(blockOps(b), out);
      liveOut.set(b.id, out);
      if (inn !== liveIn.get(b.id)) {
        liveIn.set(b.id, inn);
        changed = true;
      }
    }
  }
  for (const b of p.blocks) liveOut.set(b.id, outOf(b));
  return { liveIn, liveOut };
}

/**
 * Registers live after each op of block `b` (index i: after body[i]; the last entry is
 * after the terminator, = live-out), given the analysis.
 */
export function liveAfterEach(b: Block, lv: Liveness): number[] {
  const ops = blockOps(b);
  const after = new Array<number>(ops.length);
  let live = lv.liveOut.get(b.id)!;
  for (let i = ops.length - 1; i >= 0; i--) {
    after[i] = live;
    const e = regEffects(ops[i]!);
    live = (live & ~e.kill) | e.use;
  }
  return after;
}
