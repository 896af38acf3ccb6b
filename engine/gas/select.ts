/** Chooses the gas model of an ISA profile. */
import type { IsaProfile } from "../isa/index.ts";
import { type GasModel, type MemoryTier, gasModelNameFor } from "./model.ts";
import { perInstructionModel } from "./per-instruction.ts";

/** The gas model for `profile` (pipeline models take the memory-latency tier, default l2). */
export function gasModelFor(profile: IsaProfile, _tier: MemoryTier = "l2"): GasModel {
  if (gasModelNameFor(profile) === "per-instruction") return perInstructionModel;
  throw new RangeError(`profile ${profile} needs the pipeline gas model, which this build lacks`);
}
