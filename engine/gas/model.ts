/**
 * Gas models: each prices a basic block. Backends charge the price at block entry
 * (`block` charging) or refund/step per instruction (`instruction` charging); either way
 * they read the same precomputed costs (BlockCosts), never a second implementation.
 */
import type { IsaProfile } from "../isa/index.ts";
import type { CodeInfo } from "../program/code-info.ts";

export type GasModelName = "per-instruction" | "pipeline";
export type GasCharging = "instruction" | "block";
/**
 * Memory models of the pipeline gas model (gas-cost-model draft A.56): the latency m of
 * a load is 25 cycles when it hits L2 (`l2`, what the jam-gas-cost-model vectors use)
 * and 37 when it hits L3 (`l3`). The draft defines no other tier.
 */
export const MEMORY_TIERS = ["l2", "l3"] as const;
export type MemoryTier = (typeof MEMORY_TIERS)[number];

export interface GasModel {
  readonly name: GasModelName;
  /**
   * Gas of the straight-line segment that starts at `pc` and runs through the next
   * terminator (inclusive). For a pc in ϖ this is the block's cost.
   */
  segmentCost(info: CodeInfo, pc: number): number;
}

/** The gas model a profile uses (ARCHITECTURE.md, "ISA profiles"). */
export function gasModelNameFor(profile: IsaProfile): GasModelName {
  return profile === "gp-0.7" ? "per-instruction" : "pipeline";
}
