import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  decodeAt, encodeInstruction, type Instruction, type IsaProfile, OPCODES, type OpcodeName, opcodeByte, operandsOf,
} from "../isa/index.ts";
import { type CodeBlob, decodeCodeBlob } from "../program/code-blob.ts";
import { analyzeCode } from "../program/code-info.ts";
import { readIntegrationProgram } from "../vectors/integration.ts";
import { vectorsDir } from "../vectors/location.ts";
import { BlockCosts } from "./block-costs.ts";
import { gasModelFor } from "./select.ts";

/**
 * Re-encodes every instruction of `blob` (decoded under gp-0.8-draft) in `profile` with
 * 4-byte offsets, so the layout is the same for every profile; returns the new blob and
 * the old pc -> new pc map.
 */
function reencode(blob: CodeBlob, profile: IsaProfile): { blob: CodeBlob; pcMap: Map<number, number> } {
  const info = analyzeCode(blob, "gp-0.8-draft");
  const list = info.order.filter((pc) => pc < blob.code.length).map((pc) => info.instructions[pc]!);
  const name = (ins: Instruction) => OPCODES[ins.id]!.name as OpcodeName;
  const pcMap = new Map<number, number>();
  let pc = 0;
  for (const ins of list) {
    pcMap.set(ins.pc, pc);
    pc += encodeInstruction(profile, name(ins), operandsOf(ins), pc, 4).length;
  }
  pcMap.set(blob.code.length, pc);
  const target = (t: number) => {
    const n = pcMap.get(t);
    if (n === undefined) throw new Error(`branch target ${t} is not an instruction start`);
    return n;
  };
  const bytes: number[] = [];
  const mask: number[] = [];
  for (const ins of list) {
    const at = pcMap.get(ins.pc)!;
    const ops = operandsOf(ins);
    const format = OPCODES[ins.id]!.format;
    if (format === "offset" || format === "reg_reg_offset") ops.x = target(ins.x);
    if (format === "reg_imm_offset") ops.y = target(ins.y);
    const enc = encodeInstruction(profile, name(ins), ops, at, 4);
    enc.forEach((b, j) => {
      bytes.push(b);
      mask.push(j === 0 ? 1 : 0);
    });
  }
  return { blob: { code: Uint8Array.from(bytes), mask: Uint8Array.from(mask), jumpTable: new Uint32Array(0) }, pcMap };
}

describe("jar profile (unlikely = 2, ecall = 3)", () => {
  test("pinky re-encoded in jar numbering decodes and costs the same as in gp-0.8-draft", async () => {
    const prog = await readIntegrationProgram(join(vectorsDir(), "jam-gas-cost-model", "integration", "pinky.json"));
    const original = decodeCodeBlob(prog.program, prog.file);
    const gp = reencode(original, "gp-0.8-draft");
    const jar = reencode(original, "jar");
    expect(jar.pcMap).toEqual(gp.pcMap);

    // Same instructions, different bytes: every unlikely moved from 3 to 2.
    let unlikely = 0;
    for (const [, at] of gp.pcMap) {
      if (at >= gp.blob.code.length) continue;
      const a = decodeAt(gp.blob.code, gp.blob.mask, at, "gp-0.8-draft");
      const b = decodeAt(jar.blob.code, jar.blob.mask, at, "jar");
      expect(OPCODES[b.id]!.name).toBe(OPCODES[a.id]!.name);
      expect(b.byte).toBe(opcodeByte("jar", OPCODES[a.id]!.name as OpcodeName)!);
      if (OPCODES[a.id]!.name === "unlikely") unlikely++;
    }
    expect(unlikely).toBeGreaterThan(100);

    const gpCosts = new BlockCosts(analyzeCode(gp.blob, "gp-0.8-draft"), gasModelFor("gp-0.8-draft")).blocks();
    const jarCosts = new BlockCosts(analyzeCode(jar.blob, "jar"), gasModelFor("jar")).blocks();
    expect(jarCosts).toEqual(gpCosts);
    // Re-laying out changes no cost: the costs are the vector's, at the moved pcs.
    const expected = new Map([...prog.blockGasCosts].map(([pc, gas]) => [gp.pcMap.get(pc)!, gas]));
    expect(jarCosts).toEqual(expected);
  });

  test("decoded under the wrong numbering, unlikely becomes ecall and the blocks change", async () => {
    const prog = await readIntegrationProgram(join(vectorsDir(), "jam-gas-cost-model", "integration", "pinky.json"));
    const blob = decodeCodeBlob(prog.program, prog.file);
    const asJar = new BlockCosts(analyzeCode(blob, "jar"), gasModelFor("jar")).blocks();
    expect(asJar).not.toEqual(prog.blockGasCosts);
  });
});
