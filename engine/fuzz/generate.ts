/**
 * Random valid PVM programs for differential testing (bun lab fuzz): every opcode of a
 * profile, branches to valid and invalid targets, a jump table with good and bad
 * entries, loads and stores on mapped, read-only and unmapped pages (and across page
 * boundaries, below 2^16 and wrapping past 2^32), host calls, sbrk, and small gas
 * budgets so that out-of-gas happens everywhere. Deterministic in (seed, profile).
 *
 * Guest memory of every case:
 *   0x20000 .. 0x22000  RW, random bytes     0x22000 .. 0x23000  unmapped
 *   0x30000 .. 0x31000  RO, random bytes     heap (sbrk) from 0x40000
 */
import { encodeInstruction, type IsaProfile, OPCODES, type OpcodeName, type Operands } from "../isa/index.ts";
import type { CodeBlob } from "../program/code-blob.ts";
import { HALT_ADDRESS } from "../program/layout.ts";
import { mulberry32 } from "../random.ts";

/** The fuzzer's PRNG (mulberry32). */
export const prng = mulberry32;

export interface FuzzRegion {
  address: number;
  length: number;
  writable: boolean;
  data: Uint8Array;
}

export interface FuzzCase {
  seed: number;
  profile: IsaProfile;
  code: CodeBlob;
  regs: bigint[];
  gas: bigint;
  regions: FuzzRegion[];
  heapStart: number;
}

export interface PlannedInstruction {
  name: OpcodeName;
  ops: Operands;
  /** branch/jump target: index of a block, or a raw pc when `rawTarget` */
  target?: number;
  rawTarget?: boolean;
}

/** The program before encoding: blocks of instructions (the shrinker edits this). */
export interface FuzzPlan {
  seed: number;
  profile: IsaProfile;
  blocks: PlannedInstruction[][];
  /** jump table: block indices, or -1 - pc for a raw (likely invalid) pc */
  jumpTable: number[];
  regs: bigint[];
  gas: bigint;
  regions: FuzzRegion[];
}

export const HEAP_START = 0x40000;


const ADDRESSES = [0x20000, 0x20008, 0x20ffc, 0x21ff9, 0x21ffc, 0x22000, 0x22ffc, 0x30000, 0x30ff9, 0x2fffc, 0x100, 0xfffc, 0xfffffffc, 0xfffffff9, 0x40000];
const EDGE = [0n, 1n, 2n, 0xffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 1n << 63n, (1n << 64n) - 1n, (1n << 63n) - 1n, 31n, 32n, 63n, 64n];

/** A random plan for `profile` from `seed`. */
export function randomPlan(seed: number, profile: IsaProfile): FuzzPlan {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const ops = OPCODES.filter((o) => o.bytes[profile] !== undefined);
  const body = ops.filter((o) => !o.terminator).map((o) => o.name as OpcodeName);
  const terms = ops.filter((o) => o.terminator).map((o) => o.name as OpcodeName);
  const blockCount = 1 + int(8);
  const regOf = () => int(13);
  const imm = (): number => {
    const r = rnd();
    if (r < 0.25) return pick(ADDRESSES) | 0;
    if (r < 0.45) return int(64);
    if (r < 0.6) return -int(300);
    if (r < 0.75) return Number(BigInt.asIntN(32, pick(EDGE)));
    return (int(2 ** 32) | 0);
  };
  const blocks: PlannedInstruction[][] = [];
  for (let b = 0; b < blockCount; b++) {
    const block: PlannedInstruction[] = [];
    const n = int(14);
    for (let k = 0; k < n; k++) {
      const name = pick(body);
      if (name === "ecalli" && rnd() < 0.7) continue;
      if (name === "sbrk") {
        // a bounded request: a random register could ask for gigabytes, which every
        // backend would map and the comparison would read page by page
        const r = regOf();
        block.push({ name: "load_imm", ops: { ra: r, x: int(3) * 4096 + int(5000) } });
        block.push({ name, ops: { rd: regOf(), ra: r } });
        continue;
      }
      block.push({ name, ops: { ra: regOf(), rb: regOf(), rd: regOf(), x: imm(), y: imm(), x64: BigInt.asUintN(64, BigInt(imm()) * 0x100000001n) } });
    }
    const t = rnd() < 0.1 && b === blockCount - 1 ? "jump_ind" : pick(terms);
    const term: PlannedInstruction = { name: t, ops: { ra: regOf(), rb: regOf(), x: imm(), y: imm() } };
    if (t === "jump" || t === "load_imm_jump" || t.startsWith("branch")) {
      if (rnd() < 0.93) term.target = int(blockCount);
      else {
        term.target = int(200);
        term.rawTarget = true;
      }
    }
    if (t === "jump_ind" || t === "load_imm_jump_ind") term.ops.x = rnd() < 0.5 ? 0 : int(8) - 2;
    block.push(term);
    blocks.push(block);
  }
  const jumpTable: number[] = [];
  const jn = int(5);
  for (let k = 0; k < jn; k++) jumpTable.push(rnd() < 0.85 ? int(blockCount) : -1 - int(100));
  const regs: bigint[] = [];
  for (let i = 0; i < 13; i++) {
    const r = rnd();
    if (r < 0.3) regs.push(BigInt(pick(ADDRESSES)));
    else if (r < 0.45) regs.push(BigInt(2 * (1 + int(jumpTable.length + 1)) + (rnd() < 0.1 ? 1 : 0)));
    else if (r < 0.5) regs.push(BigInt(HALT_ADDRESS));
    else if (r < 0.75) regs.push(pick(EDGE));
    else regs.push(BigInt.asUintN(64, (BigInt(int(2 ** 32)) << 32n) | BigInt(int(2 ** 32))));
  }
  // a fifth of the programs end in a clean halt: φ0 holds the halt address and the last
  // block returns through it (as compiled code does)
  if (rnd() < 0.2) {
    regs[0] = BigInt(HALT_ADDRESS);
    blocks[blocks.length - 1]![blocks[blocks.length - 1]!.length - 1] = { name: "jump_ind", ops: { ra: 0, x: 0 } };
  }
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => (rnd() < 0.5 ? 0 : int(256)));
  return {
    seed, profile, blocks, jumpTable, regs,
    gas: BigInt(rnd() < 0.3 ? int(40) : 20 + int(3000)),
    regions: [
      { address: 0x20000, length: 0x2000, writable: true, data: bytes(0x2000) },
      { address: 0x30000, length: 0x1000, writable: false, data: bytes(0x1000) },
    ],
  };
}

/** Encodes a plan: offsets are 4 bytes wide so block positions do not depend on targets. */
export function encodePlan(plan: FuzzPlan): FuzzCase {
  const layout = (starts: number[]) => {
    const bytes: number[] = [];
    const mask: number[] = [];
    const blockStarts: number[] = [];
    for (const block of plan.blocks) {
      blockStarts.push(bytes.length);
      for (const ins of block) {
        const ops = { ...ins.ops };
        if (ins.target !== undefined) {
          const target = ins.rawTarget ? ins.target : (starts[ins.target] ?? 0);
          if (OPCODES.find((o) => o.name === ins.name)!.format === "reg_imm_offset") ops.y = target;
          else ops.x = target;
        }
        const enc = encodeInstruction(plan.profile, ins.name, ops, bytes.length, 4);
        enc.forEach((b, i) => {
          bytes.push(b);
          mask.push(i === 0 ? 1 : 0);
        });
      }
    }
    return { bytes, mask, blockStarts };
  };
  const first = layout(plan.blocks.map(() => 0));
  const final = layout(first.blockStarts);
  const jumpTable = Uint32Array.from(plan.jumpTable, (j) => (j >= 0 ? (final.blockStarts[j] ?? 0) : -1 - j));
  return {
    seed: plan.seed, profile: plan.profile,
    code: { code: Uint8Array.from(final.bytes), mask: Uint8Array.from(final.mask), jumpTable },
    regs: plan.regs.slice(), gas: plan.gas, regions: plan.regions, heapStart: HEAP_START,
  };
}
