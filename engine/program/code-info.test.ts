import { describe, expect, test } from "bun:test";
import { encodeInstruction, type OpcodeName, type Operands } from "../isa/index.ts";
import type { CodeBlob } from "./code-blob.ts";
import { analyzeCode } from "./code-info.ts";

/** A blob of the given instructions (gp-0.8-draft numbering), laid out in order. */
function blob(...ins: Array<[OpcodeName, Operands?]>): CodeBlob {
  const bytes: number[] = [];
  const mask: number[] = [];
  for (const [name, ops] of ins) {
    encodeInstruction("gp-0.8-draft", name, ops ?? {}, bytes.length).forEach((b, j) => {
      bytes.push(b);
      mask.push(j === 0 ? 1 : 0);
    });
  }
  return { code: Uint8Array.from(bytes), mask: Uint8Array.from(mask), jumpTable: new Uint32Array(0) };
}

const starts = (b: CodeBlob) => {
  const info = analyzeCode(b, "gp-0.8-draft");
  return [...info.blockStart.keys()].filter((pc) => info.blockStart[pc] === 1);
};

describe("block starts ϖ", () => {
  test("after every terminator, and unlikely is no terminator", () => {
    // pcs: unlikely 0, load_imm 1 (3 bytes), fallthrough 4, unlikely 5, trap 6
    expect(starts(blob(["unlikely"], ["load_imm", { ra: 1, x: 5 }], ["fallthrough"], ["unlikely"], ["trap"]))).toEqual([0, 5]);
  });

  test("the end of the code is a block start after a terminator that can continue there", () => {
    expect(starts(blob(["fallthrough"]))).toEqual([0, 1]);
    const branch = blob(["branch_eq_imm", { ra: 0, x: 1, y: 0 }]);
    expect(starts(branch)).toEqual([0, branch.code.length]);
  });

  test("but not after trap, jump or jump_ind, nor after a non-terminator", () => {
    expect(starts(blob(["trap"]))).toEqual([0]);
    expect(starts(blob(["jump", { x: 0 }]))).toEqual([0]);
    expect(starts(blob(["jump_ind", { ra: 0, x: 0 }]))).toEqual([0]);
    expect(starts(blob(["load_imm", { ra: 0, x: 1 }]))).toEqual([0]);
  });

  test("empty code: the implicit trap at 0 is the only block", () => {
    expect(starts(blob())).toEqual([0]);
  });
});
