/**
 * Precomputed gas per segment start, shared by every backend running a code blob.
 * Costs of block starts (ϖ) are computed eagerly; any other start pc (a run that
 * begins mid-block) is computed on first use and cached.
 */
import type { CodeInfo } from "../program/code-info.ts";
import type { GasModel } from "./model.ts";

export class BlockCosts {
  readonly model: GasModel;
  readonly info: CodeInfo;
  private readonly costs: Float64Array;

  constructor(info: CodeInfo, model: GasModel) {
    this.info = info;
    this.model = model;
    this.costs = new Float64Array(info.blob.code.length + 1).fill(-1);
    for (let pc = 0; pc < info.blockStart.length; pc++) {
      if (info.blockStart[pc]) this.costs[pc] = model.segmentCost(info, pc);
    }
  }

  /** Gas of the segment starting at `pc` (bytes offset into the code). */
  at(pc: number): number {
    if (pc >= 0 && pc < this.costs.length) {
      const c = this.costs[pc]!;
      if (c >= 0) return c;
      return (this.costs[pc] = this.model.segmentCost(this.info, pc));
    }
    return this.model.segmentCost(this.info, pc);
  }

  /** Map of block start pc -> cost, for every block in ϖ. */
  blocks(): Map<number, number> {
    const out = new Map<number, number>();
    for (let pc = 0; pc < this.info.blockStart.length; pc++) if (this.info.blockStart[pc]) out.set(pc, this.costs[pc]!);
    return out;
  }
}
