/** The engine options shared by run, conformance and bench: --isa, --gas-charging, --memory-tier, --backend. */
import type { Backend } from "../engine/backend.ts";
import { type GasCharging, MEMORY_TIERS, type MemoryTier, gasModelNameFor } from "../engine/gas/model.ts";
import { ISA_PROFILES, type IsaProfile } from "../engine/isa/index.ts";
import { BACKEND_NAMES, BACKENDS } from "./backends.ts";
import { UsageError, oneOf } from "./command.ts";

export const ENGINE_OPTIONS = {
  backend: { type: "string" },
  isa: { type: "string" },
  "gas-charging": { type: "string" },
  "memory-tier": { type: "string" },
} as const;

export interface EngineChoice {
  backend: Backend;
  /** undefined: let the input decide (a vector's suite) */
  profile?: IsaProfile;
  gasCharging?: GasCharging;
  memoryTier?: MemoryTier;
}

/** Validates the engine options of `command`. */
export function engineChoice(command: string, values: Record<string, unknown>): EngineChoice {
  const backendName = oneOf(command, "backend", values.backend as string | undefined, BACKEND_NAMES, "interpreter");
  const profile = oneOf(command, "isa", values.isa as string | undefined, ISA_PROFILES);
  const gasCharging = oneOf(command, "gas-charging", values["gas-charging"] as string | undefined, ["instruction", "block"] as const);
  const memoryTier = oneOf(command, "memory-tier", values["memory-tier"] as string | undefined, MEMORY_TIERS);
  checkCharging(command, profile, gasCharging);
  return { backend: BACKENDS[backendName]!, profile, gasCharging, memoryTier };
}

/** `instruction` charging is meaningful only with per-instruction gas (gp-0.7). */
export function checkCharging(command: string, profile: IsaProfile | undefined, charging: GasCharging | undefined): void {
  if (profile && charging === "instruction" && gasModelNameFor(profile) === "pipeline") {
    throw new UsageError(`bun lab ${command}: --gas-charging instruction needs per-instruction gas; profile ${profile} charges pipeline gas per block`);
  }
}
