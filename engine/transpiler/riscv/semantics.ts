/**
 * Reference semantics of the RV64IM integer operations and of Zba, Zbb, Zbs and Zicond,
 * written from the RISC-V Unprivileged ISA text (chapters RV64I and "M" Extension, incl.
 * the division table: x/0 = all ones, x%0 = x, overflow MIN/-1 = MIN and MIN%-1 = 0,
 * W forms on the low 32 bits with sign-extended results; the bit-manipulation chapter's
 * pseudo-code for Zba/Zbb/Zbs: shift and rotate amounts masked to 6 bits (5 for W
 * forms), clz/ctz of 0 = the width, `.uw` = zero-extended low word; Zicond: czero.eqz
 * rd = rs2 == 0 ? 0 : rs1, czero.nez rd = rs2 != 0 ? 0 : rs1). The naive twin of the
 * lowering (STYLE.md item 4): tests run every lowering rule against it. Written bit by
 * bit with bigints, independently of the PVM interpreter. Values are u64 bigints.
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
  "add.uw": (a, b) => u(b + lo(a)),
  sh1add: (a, b) => u(b + (a << 1n)),
  sh2add: (a, b) => u(b + (a << 2n)),
  sh3add: (a, b) => u(b + (a << 3n)),
  "sh1add.uw": (a, b) => u(b + (lo(a) << 1n)),
  "sh2add.uw": (a, b) => u(b + (lo(a) << 2n)),
  "sh3add.uw": (a, b) => u(b + (lo(a) << 3n)),
  "slli.uw": (a, b) => u(lo(a) << (b & 63n)),
  andn: (a, b) => a & u(~b),
  orn: (a, b) => a | u(~b),
  xnor: (a, b) => u(~(a ^ b)),
  max: (a, b) => (s(a) < s(b) ? b : a),
  maxu: (a, b) => (a < b ? b : a),
  min: (a, b) => (s(a) < s(b) ? a : b),
  minu: (a, b) => (a < b ? a : b),
  rol: (a, b) => rotl(a, b & 63n, 64n),
  ror: (a, b) => rotl(a, (64n - (b & 63n)) % 64n, 64n),
  rolw: (a, b) => sx32(rotl(lo(a), b & 31n, 32n)),
  rorw: (a, b) => sx32(rotl(lo(a), (32n - (b & 31n)) % 32n, 32n)),
  bclr: (a, b) => a & u(~(1n << (b & 63n))),
  bext: (a, b) => (a >> (b & 63n)) & 1n,
  binv: (a, b) => a ^ (1n << (b & 63n)),
  bset: (a, b) => a | (1n << (b & 63n)),
  "czero.eqz": (a, b) => (b === 0n ? 0n : a),
  "czero.nez": (a, b) => (b !== 0n ? 0n : a),
};

/** Rotates the `width`-bit value v left by n (0 ≤ n < width). */
function rotl(v: bigint, n: bigint, width: bigint): bigint {
  const mask = (1n << width) - 1n;
  return ((v << n) | (v >> ((width - n) % width))) & mask;
}

/** Number of leading zero bits of the `width`-bit value v (width when v = 0). */
function clz(v: bigint, width: number): bigint {
  let n = 0;
  for (let i = width - 1; i >= 0 && ((v >> BigInt(i)) & 1n) === 0n; i--) n++;
  return BigInt(n);
}

/** Number of trailing zero bits of the `width`-bit value v (width when v = 0). */
function ctz(v: bigint, width: number): bigint {
  let n = 0;
  while (n < width && ((v >> BigInt(n)) & 1n) === 0n) n++;
  return BigInt(n);
}

function popcount(v: bigint): bigint {
  let n = 0n;
  for (let x = v; x; x >>= 1n) n += x & 1n;
  return n;
}

/** Bytes of v, least significant first. */
const bytesOf = (v: bigint) => Array.from({ length: 8 }, (_, i) => (v >> BigInt(8 * i)) & 0xffn);
const fromBytes = (b: bigint[]) => b.reduce((acc, x, i) => acc | (x << BigInt(8 * i)), 0n);

/** rd of unary op `op` on rs1 = a (Zbb). */
const UNARY: Partial<Record<RvMnemonic, (a: bigint) => bigint>> = {
  clz: (a) => clz(a, 64),
  ctz: (a) => ctz(a, 64),
  cpop: (a) => popcount(a),
  clzw: (a) => clz(lo(a), 32),
  ctzw: (a) => ctz(lo(a), 32),
  cpopw: (a) => popcount(lo(a)),
  "sext.b": (a) => u(BigInt.asIntN(8, a)),
  "sext.h": (a) => u(BigInt.asIntN(16, a)),
  "zext.h": (a) => a & 0xffffn,
  rev8: (a) => fromBytes(bytesOf(a).reverse()),
  "orc.b": (a) => fromBytes(bytesOf(a).map((x) => (x ? 0xffn : 0n))),
};

/** rd of unary op `op` (clz, ctz, cpop and their W forms, sext/zext, rev8, orc.b) on rs1 = a. */
export function rvUnary(op: RvMnemonic, a: bigint): bigint {
  const f = UNARY[op];
  if (!f) throw new RangeError(`rvUnary: ${op} is not a unary op`);
  return f(u(a));
}

/** The R-type equivalent of each I-type op (imm takes rs2's place, sign-extended). */
const I_AS_R: Partial<Record<RvMnemonic, RvMnemonic>> = {
  addi: "add", slti: "slt", sltiu: "sltu", xori: "xor", ori: "or", andi: "and",
  slli: "sll", srli: "srl", srai: "sra", addiw: "addw", slliw: "sllw", srliw: "srlw", sraiw: "sraw",
  rori: "ror", roriw: "rorw", bclri: "bclr", bexti: "bext", binvi: "binv", bseti: "bset",
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
