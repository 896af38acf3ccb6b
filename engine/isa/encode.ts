/**
 * Instruction encoding: the inverse of decode.ts, one encoder per operand format.
 * Immediates are written in the fewest bytes whose sign extension (X_l) gives the value
 * back, unless a fixed width is asked for (the transpiler uses fixed-width offsets so
 * that code layout does not depend on branch distances).
 */
import type { Instruction } from "./decode.ts";
import { opcodeByte } from "./opcode-map.ts";
import { OPCODES, type OpcodeName, OPCODE_ID } from "./opcodes.ts";
import type { IsaProfile } from "./profiles.ts";

/** Operands of one instruction in GP field naming; unused ones may be omitted. */
export interface Operands {
  ra?: number;
  rb?: number;
  rd?: number;
  /** νX (signed 32-bit) or, for offsets, the absolute target pc */
  x?: number;
  /** νY likewise */
  y?: number;
  /** νX of load_imm_64 (u64) */
  x64?: bigint;
}

/** Bytes needed to carry signed 32-bit `v` under sign extension X_l (0..4). */
export function immLength(v: number): number {
  v |= 0;
  if (v === 0) return 0;
  if (v >= -0x80 && v < 0x80) return 1;
  if (v >= -0x8000 && v < 0x8000) return 2;
  if (v >= -0x800000 && v < 0x800000) return 3;
  return 4;
}

function pushImm(out: number[], v: number, len: number): void {
  for (let i = 0; i < len; i++) out.push((v >>> (8 * i)) & 0xff);
}

function checkReg(name: string, r: number | undefined): number {
  const v = r ?? 0;
  if (!Number.isInteger(v) || v < 0 || v > 12) throw new RangeError(`${name}: register φ${v} out of range 0..12`);
  return v;
}

function checkImm(name: string, v: number | undefined): number {
  const x = v ?? 0;
  if (!Number.isInteger(x) || x < -0x80000000 || x > 0xffffffff) {
    throw new RangeError(`${name}: immediate ${x} does not fit 32 bits`);
  }
  return x | 0;
}

/**
 * Encodes instruction `name` at byte offset `pc` (needed for offsets) in `profile`.
 * `offsetLen` fixes the width (1..4) of an offset operand; default: minimal.
 * Throws RangeError for an operand out of range or a name the profile lacks.
 */
export function encodeInstruction(
  profile: IsaProfile,
  name: OpcodeName,
  ops: Operands = {},
  pc = 0,
  offsetLen?: number,
): number[] {
  const byte = opcodeByte(profile, name);
  if (byte === undefined) throw new RangeError(`${name}: not an instruction of profile ${profile}`);
  const def = OPCODES[OPCODE_ID[name]]!;
  const out = [byte];
  const rel = (target: number | undefined) => checkImm(name, (target ?? 0) - pc);
  const offLen = (v: number) => offsetLen ?? immLength(v);
  switch (def.format) {
    case "none":
      break;
    case "imm": {
      const x = checkImm(name, ops.x);
      pushImm(out, x, immLength(x));
      break;
    }
    case "reg_ext_imm": {
      out.push(checkReg(name, ops.ra));
      let v = BigInt.asUintN(64, ops.x64 ?? 0n);
      for (let i = 0; i < 8; i++) {
        out.push(Number(v & 0xffn));
        v >>= 8n;
      }
      break;
    }
    case "imm_imm": {
      const x = checkImm(name, ops.x);
      const y = checkImm(name, ops.y);
      const lx = immLength(x);
      out.push(lx);
      pushImm(out, x, lx);
      pushImm(out, y, immLength(y));
      break;
    }
    case "offset": {
      const x = rel(ops.x);
      pushImm(out, x, offLen(x));
      break;
    }
    case "reg_imm": {
      out.push(checkReg(name, ops.ra));
      const x = checkImm(name, ops.x);
      pushImm(out, x, immLength(x));
      break;
    }
    case "reg_imm_imm":
    case "reg_imm_offset": {
      const x = checkImm(name, ops.x);
      const lx = immLength(x);
      out.push(checkReg(name, ops.ra) | (lx << 4));
      pushImm(out, x, lx);
      if (def.format === "reg_imm_offset") {
        const y = rel(ops.y);
        pushImm(out, y, offLen(y));
      } else {
        const y = checkImm(name, ops.y);
        pushImm(out, y, immLength(y));
      }
      break;
    }
    case "reg_reg":
      out.push(checkReg(name, ops.rd) | (checkReg(name, ops.ra) << 4));
      break;
    case "reg_reg_imm":
    case "reg_reg_offset": {
      out.push(checkReg(name, ops.ra) | (checkReg(name, ops.rb) << 4));
      if (def.format === "reg_reg_offset") {
        const x = rel(ops.x);
        pushImm(out, x, offLen(x));
      } else {
        const x = checkImm(name, ops.x);
        pushImm(out, x, immLength(x));
      }
      break;
    }
    case "reg_reg_imm_imm": {
      out.push(checkReg(name, ops.ra) | (checkReg(name, ops.rb) << 4));
      const x = checkImm(name, ops.x);
      const y = checkImm(name, ops.y);
      const lx = immLength(x);
      out.push(lx);
      pushImm(out, x, lx);
      pushImm(out, y, immLength(y));
      break;
    }
    case "reg_reg_reg":
      out.push(checkReg(name, ops.ra) | (checkReg(name, ops.rb) << 4), checkReg(name, ops.rd));
      break;
  }
  return out;
}

/** The operands of a decoded instruction, in the shape encodeInstruction takes. */
export function operandsOf(ins: Instruction): Operands {
  return { ra: ins.ra, rb: ins.rb, rd: ins.rd, x: ins.x, y: ins.y, x64: ins.x64 };
}
