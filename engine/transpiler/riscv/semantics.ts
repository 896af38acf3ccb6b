/**
 * Reference semantics of the RV64IM integer operations, written from the RISC-V
 * Unprivileged ISA text (chapters RV64I and "M" Extension, incl. the division table:
 * x/0 = all ones, x%0 = x, overflow MIN/-1 = MIN and MIN%-1 = 0, W forms on the low 32
 * bits with sign-extended results). The naive twin of the lowering (STYLE.md item 4):
 * tests run every lowering rule against it. Values are u64 bigints.
 */
import type { RvMnemonic } from "./decode.ts";

const M64 = (1n << 64n) - 1n;
const u = (x: bigint) => BigInt.asUintN(64, x);
const s = (x: bigint) => BigInt.asIntN(64, x);
const w = (x: bigint) => BigInt.asIntN(32, x);
const lo = (x: bigint) => x & 0xffffffffn;
const sx32 = (x: bigint) => u(w(x));
const MIN64 = -(1n << 63n);
const MIN32 = -(1n << 31n);
const b01 = (c: boolean) => (c ? 1n : 0n);

/** rd of R-type op `op` on rs1 = a, rs2 = b. */
const R: Partial<Record<RvMnemonic, (a: bigint, b: bigint) => bigint>> = {
  add: (a, b) => u(a + b),
  sub: (a, b) => u(a - b),
  sll: (a, b) => u(a << (b & 63n)),
  slt: (a, b) => b01(s(a) < s(b)),
  sltu: (a, b) => b01(a < b),
  xor: (a, b) => a ^ b,
  srl: (a, b) => a >> (b & 63n),
  sra: (a, b) => u(s(a) >> (b & 63n)),
  or: (a, b) => a | b,
  and: (a, b) => a & b,
  addw: (a, b) => sx32(a + b),
  subw: (a, b) => sx32(a - b),
  sllw: (a, b) => sx32(a << (b & 31n)),
  srlw: (a, b) => sx32(lo(a) >> (b & 31n)),
  sraw: (a, b) => u(w(a) >> (b & 31n)),
  mul: (a, b) => u(a * b),
  mulh: (a, b) => u((s(a) * s(b)) >> 64n),
  mulhsu: (a, b) => u((s(a) * b) >> 64n),
  mulhu: (a, b) => (a * b) >> 64n,
  div: (a, b) => (b === 0n ? M64 : s(a) === MIN64 && s(b) === -1n ? a : u(s(a) / s(b))),
  divu: (a, b) => (b === 0n ? M64 : a / b),
  rem: (a, b) => (b === 0n ? a : s(a) === MIN64 && s(b) === -1n ? 0n : u(s(a) % s(b))),
  remu: (a, b) => (b === 0n ? a : a % b),
  mulw: (a, b) => sx32(a * b),
  divw: (a, b) => (w(b) === 0n ? M64 : w(a) === MIN32 && w(b) === -1n ? sx32(a) : u(w(a) / w(b))),
  divuw: (a, b) => (lo(b) === 0n ? M64 : sx32(lo(a) / lo(b))),
  remw: (a, b) => (w(b) === 0n ? sx32(a) : w(a) === MIN32 && w(b) === -1n ? 0n : u(w(a) % w(b))),
  remuw: (a, b) => (lo(b) === 0n ? sx32(a) : sx32(lo(a) % lo(b))),
};

/** The R-type equivalent of each I-type op (imm takes rs2's place, sign-extended). */
const I_AS_R: Partial<Record<RvMnemonic, RvMnemonic>> = {
  addi: "add", slti: "slt", sltiu: "sltu", xori: "xor", ori: "or", andi: "and",
  slli: "sll", srli: "srl", srai: "sra", addiw: "addw", slliw: "sllw", srliw: "srlw", sraiw: "sraw",
};

/** rd of ALU op `op` (R- or I-type) with rs1 = a and rs2 (or the immediate) = b, as u64. */
export function rvAlu(op: RvMnemonic, a: bigint, b: bigint): bigint {
  const f = R[op] ?? R[I_AS_R[op] ?? op];
  if (!f) throw new RangeError(`rvAlu: ${op} is not an ALU op`);
  return f(u(a), u(b));
}

/** Whether branch `op` is taken for rs1 = a, rs2 = b. */
export function rvBranchTaken(op: RvMnemonic, a: bigint, b: bigint): boolean {
  const x = u(a);
  const y = u(b);
  switch (op) {
    case "beq": return x === y;
    case "bne": return x !== y;
    case "blt": return s(x) < s(y);
    case "bge": return s(x) >= s(y);
    case "bltu": return x < y;
    case "bgeu": return x >= y;
    default: throw new RangeError(`rvBranchTaken: ${op} is not a branch`);
  }
}
