/**
 * The price of one basic block under both gas models, for passes that must never make a
 * block dearer:
 *
 *   count     instructions: the per-instruction model (gp-0.7), 1 gas each
 *   pipeline  the pipeline model (GP draft A.9/A.10, profiles gp-0.8-draft and jar,
 *             L2 tier): cycles of the block's simulated out-of-order run
 *
 * The pipeline model is not monotone in the instructions — removing one can shift the
 * decode and issue pattern of the rest (A.46) and cost a cycle — so local rewrites are
 * checked by pricing the block before and after. A block is priced alone: its body and
 * terminator, with branch and jump targets and the fallthrough all at a trailing
 * `fallthrough`, so a branch gets the draft's likely latency (A.57: 20 unless the next
 * or target byte is `unlikely` or `trap`) whatever the real successors are. Peephole
 * rewrites keep the successors, so before and after compare alike.
 */
import { pipelineModel } from "../../gas/pipeline.ts";
import { analyzeCode } from "../../program/code-info.ts";
import { assemble } from "../assemble.ts";
import type { PvmItem } from "../lower/lower-text.ts";
import type { Op } from "./effects.ts";

export interface BlockPrice {
  count: number;
  pipeline: number;
}

const MODEL = pipelineModel("l2");

/** The price of a block made of `body` and `term`. */
export function priceBlock(body: readonly Op[], term: Op | null): BlockPrice {
  const ops = term ? [...body, term] : [...body];
  const end = ops.length;
  const items: PvmItem[] = ops.map((o) => ({ name: o.name, ops: o.ops, target: o.target === undefined ? undefined : end, src: -1 }));
  items.push({ name: "fallthrough", ops: {}, src: -1 });
  const { code } = assemble(items, new Map([[end, end]]), [], "jar");
  return { count: ops.length, pipeline: MODEL.segmentCost(analyzeCode(code, "jar"), 0) };
}

/** Whether `after` is no dearer than `before` under both models. */
export function noDearer(after: BlockPrice, before: BlockPrice): boolean {
  return after.count <= before.count && after.pipeline <= before.pipeline;
}
