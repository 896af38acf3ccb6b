/**
 * The gas-model benchmark (`bun lab bench --suite gas-model`): how fast the pipeline gas
 * model (gas-cost-model draft A.9) prices every basic block of doom, the largest
 * jam-gas-cost-model integration program (630,237-byte blob, 533,597 code bytes,
 * 34,317 blocks).
 *
 * One timed call = pricing every block of an already decoded program (BlockCosts with
 * pipelineModel("l2")), including the model's per-instruction preparation: each call
 * gets a fresh CodeInfo identity, so nothing cached by an earlier call is reused.
 * Decoding (analyzeCode) is outside the timing. The first call's result is checked
 * against the file's block-gas-costs, so a fast but wrong model cannot report a figure.
 */
import { measure } from "mitata";
import { diffBlockCosts } from "../../engine/gas/block-cost-diff.ts";
import { BlockCosts } from "../../engine/gas/block-costs.ts";
import { pipelineModel } from "../../engine/gas/pipeline.ts";
import { decodeCodeBlob } from "../../engine/program/code-blob.ts";
import { analyzeCode, type CodeInfo } from "../../engine/program/code-info.ts";
import { readIntegrationProgram } from "../../engine/vectors/integration.ts";
import { vectorsDir } from "../../engine/vectors/location.ts";

export interface GasModelBench {
  /** size of the program blob priced, bytes */
  bytes: number;
  /** basic blocks priced per call */
  blocks: number;
  /** median time of one call, ns */
  medianNs: number;
  /** blob bytes per second, in MB/s (10^6 bytes) */
  mbPerS: number;
}

/**
 * Times block-cost computation of doom's program. Throws an Error when the computed
 * costs differ from the file's block-gas-costs; FormatError / ENOENT when the vector
 * file is malformed or missing ($PVM_LAB_VECTORS overrides its folder).
 */
export async function benchGasModel(): Promise<GasModelBench> {
  const file = `${vectorsDir()}/jam-gas-cost-model/integration/doom.json`;
  const prog = await readIntegrationProgram(file);
  const info = analyzeCode(decodeCodeBlob(prog.program, `${file}: program`), "gp-0.8-draft");
  const model = pipelineModel("l2");
  const price = () => new BlockCosts({ ...info } satisfies CodeInfo, model);
  const first = price().blocks();
  const diff = diffBlockCosts(prog.blockGasCosts, first);
  if (diff.length) throw new Error(`gas-model bench: ${file}: ${diff.length} block cost(s) differ from block-gas-costs`);
  const stats = await measure(price, { min_samples: 20, min_cpu_time: 2e9 } as Parameters<typeof measure>[1]);
  const medianNs = stats.p50;
  return { bytes: prog.program.length, blocks: first.size, medianNs, mbPerS: prog.program.length / medianNs * 1e3 };
}
