/**
 * What every backend derives from a code blob before running it, computed once: the
 * decoded code (CodeInfo), the gas charging mode its profile allows, and the per-segment
 * gas prices (BlockCosts). Interpreter and JIT share this object, so their gas cannot
 * drift apart.
 */
import type { CompileOptions } from "../backend.ts";
import type { CodeBlob } from "../program/code-blob.ts";
import { analyzeCode, type CodeInfo } from "../program/code-info.ts";
import { BlockCosts } from "./block-costs.ts";
import type { GasCharging } from "./model.ts";
import { gasModelFor } from "./select.ts";

export interface PreparedCode {
  info: CodeInfo;
  costs: BlockCosts;
  gasCharging: GasCharging;
}

/**
 * Decodes `code` and prices its segments. Pipeline profiles always charge by block;
 * asking them for `instruction` charging throws RangeError. gp-0.7 defaults to
 * `instruction` (GP A.1).
 */
export function prepareCode(code: CodeBlob, options: CompileOptions): PreparedCode {
  const model = gasModelFor(options.profile, options.memoryTier);
  let gasCharging: GasCharging = options.gasCharging ?? "instruction";
  if (model.name === "pipeline") {
    if (options.gasCharging === "instruction") {
      throw new RangeError(`--gas-charging instruction is meaningless with profile ${options.profile}: pipeline gas is charged per block`);
    }
    gasCharging = "block";
  }
  const info = analyzeCode(code, options.profile);
  return { info, costs: new BlockCosts(info, model), gasCharging };
}
