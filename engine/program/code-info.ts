/**
 * Static analysis of a code blob under an ISA profile: every instruction decoded once,
 * and the basic-block starts ϖ (GP A.5):
 *
 *   ϖ ≡ ({0} ∪ { n + 1 + skip(n) | k_n = 1 ∧ c_n ∈ T }) ∩ { n | k_n = 1 ∧ c_n ∈ U }
 *
 * The end of the code, pc = |c|, where GP A.4 supplies an implicit `trap`, is also a
 * block start when the code is empty or ends in a terminator that can continue there
 * (fallthrough, a branch, ecall); not after trap or an unconditional jump. This is the
 * rule of the jam-gas-cost-model vectors: inst_fallthrough prices block 1 of its 1-byte
 * program, while none of the 130 programs ending in trap, jump or jump_ind lists a
 * block at |c|. A branch to |c| is then valid and panics at |c|.
 *
 * Shared by the gas models, the interpreter, the JIT and the disassembler.
 */
import { byteMap, decodeAt, type Instruction, type IsaProfile, OPCODES } from "../isa/index.ts";
import type { CodeBlob } from "./code-blob.ts";

export interface CodeInfo {
  profile: IsaProfile;
  blob: CodeBlob;
  /** decoded instruction at each opcode start; index code.length holds the implicit trap */
  instructions: (Instruction | undefined)[];
  /** 1 where a basic block starts (ϖ) */
  blockStart: Uint8Array;
  /** opcode starts in ascending order, ending with code.length (the trap past the end) */
  order: number[];
}

/** Decodes every instruction of `blob` and computes ϖ. */
export function analyzeCode(blob: CodeBlob, profile: IsaProfile): CodeInfo {
  const { code, mask } = blob;
  const n = code.length;
  const instructions: (Instruction | undefined)[] = new Array(n + 1);
  const blockStart = new Uint8Array(n + 1);
  const valid = byteMap(profile);
  const order: number[] = [];
  for (let pc = 0; pc < n; pc++) {
    if (mask[pc] !== 1) continue;
    instructions[pc] = decodeAt(code, mask, pc, profile);
    order.push(pc);
  }
  instructions[n] = decodeAt(code, mask, n, profile);
  order.push(n);
  const isValidStart = (pc: number) => pc < n && mask[pc] === 1 && valid[code[pc]!]! >= 0;
  if (n === 0 || isValidStart(0)) blockStart[0] = 1;
  for (const pc of order) {
    const ins = instructions[pc]!;
    const def = OPCODES[ins.id]!;
    if (pc < n && def.terminator) {
      const next = pc + ins.len;
      if (isValidStart(next) || (next === n && !def.noFallthrough)) blockStart[next] = 1;
    }
  }
  return { profile, blob, instructions, blockStart, order };
}

/** The instruction at `pc`, decoding on demand where pc is no opcode start. */
export function instructionAt(info: CodeInfo, pc: number): Instruction {
  const known = pc >= 0 && pc <= info.blob.code.length ? info.instructions[pc] : undefined;
  if (known) return known;
  const ins = decodeAt(info.blob.code, info.blob.mask, pc, info.profile);
  if (pc >= 0 && pc <= info.blob.code.length) info.instructions[pc] = ins;
  return ins;
}

/** Whether `pc` is in ϖ. */
export function isBlockStart(info: CodeInfo, pc: number): boolean {
  return pc >= 0 && pc < info.blockStart.length && info.blockStart[pc] === 1;
}
