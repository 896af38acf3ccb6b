/**
 * Per-instruction inputs of the pipeline gas model, resolved once per code blob and
 * memory tier: the A.10 row of the instruction's gas class with its overlap rule (A.54,
 * A.55), memory latency (A.56) and branch latency (A.57) already applied, plus the
 * register dataflow š / ř (engine/isa/dataflow.ts). Stored in typed arrays indexed by
 * pc (byte offset), filled on first use, so the simulator reads plain numbers.
 */
import { destReg, type Instruction, type IsaProfile, NO_REG, OPCODES, opcodeByte, sourceRegMask, zeta } from "../isa/index.ts";
import { type CodeInfo, instructionAt } from "../program/code-info.ts";
import {
  BRANCH_LATENCY_LIKELY, BRANCH_LATENCY_UNLIKELY, CLASS_COSTS, type ClassCost, MEMORY_LATENCY,
} from "./pipeline-costs.ts";
import type { MemoryTier } from "./model.ts";
import { packUnits } from "./pipeline-units.ts";

/** flags bit: the instruction is in T (ends the block) */
export const F_TERMINATOR = 1;
/** flags bit: move_reg, handled by the frontend without a reorder-buffer entry (A.49) */
export const F_MOVE = 2;
/** flags bit: the slot has been filled */
const F_READY = 4;

export interface PipelineCode {
  info: CodeInfo;
  /** pc of the next instruction, ı + 1 + skip(ı) */
  next: Int32Array;
  /** č in cycles */
  latency: Int32Array;
  /** ď */
  decode: Uint8Array;
  /** x̌, packed (pipeline-units.ts) */
  units: Int32Array;
  /** š as a bit set of registers */
  src: Uint16Array;
  /** ř: the written register, or NO_REG */
  dst: Int8Array;
  flags: Uint8Array;
}

const PACKED = Object.fromEntries(
  Object.entries(CLASS_COSTS).map(([k, c]) => [k, packUnits(c.units)]),
) as Record<keyof typeof CLASS_COSTS, number>;

/** Empty per-pc tables for `info` (pc 0 .. code.length inclusive). */
export function newPipelineCode(info: CodeInfo): PipelineCode {
  const n = info.blob.code.length + 1;
  return {
    info,
    next: new Int32Array(n),
    latency: new Int32Array(n),
    decode: new Uint8Array(n),
    units: new Int32Array(n),
    src: new Uint16Array(n),
    dst: new Int8Array(n),
    flags: new Uint8Array(n),
  };
}

/** Whether the code byte at `pc` is `unlikely` or `trap` in `profile` (ζ past the code is 0, GP A.4). */
function isColdByte(code: Uint8Array, pc: number, profile: IsaProfile): boolean {
  const byte = pc >= 0 ? zeta(code, pc) : 0;
  return byte === opcodeByte(profile, "trap") || byte === opcodeByte(profile, "unlikely");
}

/** b(c, k, ı) of A.57. */
function branchLatency(info: CodeInfo, ins: Instruction): number {
  const code = info.blob.code;
  const target = OPCODES[ins.id]!.format === "reg_imm_offset" ? ins.y : ins.x;
  const cold = isColdByte(code, ins.pc + ins.len, info.profile) || isColdByte(code, target, info.profile);
  return cold ? BRANCH_LATENCY_UNLIKELY : BRANCH_LATENCY_LIKELY;
}

function decodeSlots(c: ClassCost, ins: Instruction, src: number, dst: number): number {
  const d = c.decode;
  if (typeof d === "number") return d;
  const overlap = d.rule === "P" ? dst !== NO_REG && (src & (1 << dst)) !== 0 : ins.ra === ins.rd;
  return overlap ? d.overlap : d.otherwise;
}

/** Fills the tables for the instruction at `pc` (idempotent); returns `pc`'s flags. */
export function prepareAt(p: PipelineCode, pc: number, tier: MemoryTier): number {
  const f = p.flags[pc]!;
  if (f & F_READY) return f;
  const ins = instructionAt(p.info, pc);
  const def = OPCODES[ins.id]!;
  const c = CLASS_COSTS[def.gas];
  const src = sourceRegMask(ins);
  const dst = destReg(ins);
  p.next[pc] = pc + ins.len;
  p.latency[pc] = c.latency === "memory" ? MEMORY_LATENCY[tier] : c.latency === "branch" ? branchLatency(p.info, ins) : c.latency;
  p.decode[pc] = decodeSlots(c, ins, src, dst);
  p.units[pc] = PACKED[def.gas];
  p.src[pc] = src;
  p.dst[pc] = dst;
  // Past the code only the implicit trap remains (GP A.4), so the block ends there.
  const term = def.terminator || pc >= p.info.blob.code.length;
  const flags = F_READY | (term ? F_TERMINATOR : 0) | (def.gas === "move_reg" ? F_MOVE : 0);
  p.flags[pc] = flags;
  return flags;
}
