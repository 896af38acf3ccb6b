/**
 * The pipeline gas model of the gas-cost-model draft (GP A.9, A.10; profiles
 * gp-0.8-draft and jar): a block's gas is the number of cycles a simple out-of-order
 * CPU (4 decode slots, 5 starts per cycle, a 32-entry reorder buffer, ALU/load/store/
 * multiplier/divider units) needs to retire it, minus 3, at least 1 (A.47).
 *
 * Costs depend on the memory tier (load latency, A.56). Per-instruction inputs are
 * resolved once per code blob (pipeline-prep.ts); the cycle loop is pipeline-sim.ts.
 */
import type { CodeInfo } from "../program/code-info.ts";
import type { GasModel, MemoryTier } from "./model.ts";
import { newPipelineCode, type PipelineCode } from "./pipeline-prep.ts";
import { simulateBlock } from "./pipeline-sim.ts";

function makeModel(tier: MemoryTier): GasModel {
  const prepared = new WeakMap<CodeInfo, PipelineCode>();
  return {
    name: "pipeline",
    segmentCost(info: CodeInfo, pc: number): number {
      let p = prepared.get(info);
      if (!p) prepared.set(info, (p = newPipelineCode(info)));
      // Outside the code only the implicit trap runs (GP A.4), as at pc = |c|.
      const len = info.blob.code.length;
      return simulateBlock(p, pc >= 0 && pc <= len ? pc : len, tier);
    },
  };
}

const MODELS: Record<MemoryTier, GasModel> = { l2: makeModel("l2"), l3: makeModel("l3") };

/**
 * The pipeline gas model for memory tier `tier` (`l2`: L2-hit loads, 25 cycles, what
 * the jam-gas-cost-model vectors use; `l3`: L3-hit loads, 37 cycles). Costs are in gas
 * (= virtual cycles) per block; segmentCost(info, pc) accepts any pc and prices the
 * straight-line segment from there through the next terminator.
 */
export function pipelineModel(tier: MemoryTier): GasModel {
  return MODELS[tier];
}
