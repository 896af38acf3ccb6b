/**
 * The gp-0.7 gas model: 1 gas per instruction (GP 0.7 A.1, ϱ∆ = 1). A segment costs
 * the number of instructions from its start through the terminator that ends it,
 * counting the implicit `trap` past the end of the code (GP A.4).
 */
import { OPCODES } from "../isa/index.ts";
import { type CodeInfo, instructionAt } from "../program/code-info.ts";
import type { GasModel } from "./model.ts";

export const perInstructionModel: GasModel = {
  name: "per-instruction",
  segmentCost(info: CodeInfo, pc: number): number {
    let cost = 0;
    for (;;) {
      const ins = instructionAt(info, pc);
      cost++;
      if (OPCODES[ins.id]!.terminator || pc >= info.blob.code.length) return cost;
      pc += ins.len;
    }
  },
};
