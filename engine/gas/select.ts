/** Chooses the gas model of an ISA profile. */
import type { IsaProfile } from "../isa/index.ts";
import { type GasModel, type MemoryTier, gasModelNameFor } from "./model.ts";
import { perInstructionModel } from "./per-instruction.ts";
import { pipelineModel } from "./pipeline.ts";

/**
 * The gas model for `profile`: per-instruction for gp-0.7, the pipeline model (GP A.9)
 * for gp-0.8-draft and jar. `tier` only matters to the pipeline model (default l2, the
 * tier of the jam-gas-cost-model vectors).
 */
export function gasModelFor(profile: IsaProfile, tier: MemoryTier = "l2"): GasModel {
  return gasModelNameFor(profile) === "per-instruction" ? perInstructionModel : pipelineModel(tier);
}
