/**
 * The guest host-call ABI: how a RISC-V guest makes PVM host call N.
 *
 *     li   t0, N        # t0 = x5 = φ2: the host-call index, a constant 0 .. 2^32-1
 *     ecall             # → ecalli N
 *
 * Arguments go in a0..a5 (φ7..φ12) and results come back in a0..a5; the host reads and
 * may write only those (and memory). Every other register, t0 included, keeps its
 * value: `li t0, N` is lowered as usual (so t0 = N afterwards, as on RISC-V), and the
 * liveness pass drops it when nothing reads t0 later. From C:
 *
 *     register unsigned long a0 asm("a0") = arg;
 *     __asm__ volatile("li t0, %1\n\tecall" : "+r"(a0) : "i"(N) : "t0", "memory");
 *
 * The index must be a compile-time constant: t0's value is found by evaluating the
 * straight-line run before the ecall (same basic block: no jump target and no control
 * transfer in between), following li/lui/addi/addiw/ori/xori/andi/slli and moves. An
 * ecall whose t0 is not such a constant is an error naming its address and mnemonic.
 */
import { nextAddr, type RvInstruction } from "../riscv/decode.ts";
import { isControlTransfer, writtenReg } from "../riscv/operands.ts";
import type { Role } from "../roles.ts";

/** RISC-V register of the host-call index: t0. */
export const HOST_CALL_INDEX_REG = 5;
/** Largest index ecalli can carry (its immediate is 32 bits, shown unsigned). */
export const MAX_HOST_CALL = 2 ** 32 - 1;

const u64 = (v: bigint) => BigInt.asUintN(64, v);
const sx32 = (v: bigint) => u64(BigInt.asIntN(32, v));

/** Value of `ins` (a plain-role ALU op) given known source values; undefined when unknown. */
function evaluate(ins: RvInstruction, known: Map<number, bigint>): bigint | undefined {
  const val = (x: number) => (x === 0 ? 0n : known.get(x));
  const a = val(ins.rs1);
  const imm = BigInt(ins.imm);
  switch (ins.op) {
    case "lui":
      return u64(imm);
    case "addi":
      return a === undefined ? undefined : u64(a + imm);
    case "addiw":
      return a === undefined ? undefined : sx32(a + imm);
    case "ori":
      return a === undefined ? undefined : a | u64(imm);
    case "xori":
      return a === undefined ? undefined : a ^ u64(imm);
    case "andi":
      return a === undefined ? undefined : a & u64(imm);
    case "slli":
      return a === undefined ? undefined : u64(a << imm);
    case "add":
    case "or":
    case "xor": {
      const b = val(ins.rs2);
      if (a === undefined || b === undefined) return undefined;
      return ins.op === "add" ? u64(a + b) : ins.op === "or" ? a | b : a ^ b;
    }
    default:
      return undefined;
  }
}

/**
 * The host-call index an `ecall` at `instructions[i]` asks for: t0's constant value,
 * or a string saying why there is none.
 */
export function hostCallIndex(instructions: readonly RvInstruction[], roles: readonly Role[], i: number, leaders: ReadonlySet<number>): number | string {
  let start = i;
  while (start > 0) {
    const prev = instructions[start - 1]!;
    if (leaders.has(instructions[start]!.addr) || nextAddr(prev) !== instructions[start]!.addr || isControlTransfer(prev)) break;
    start--;
  }
  const known = new Map<number, bigint>();
  for (let j = start; j < i; j++) {
    const ins = instructions[j]!;
    const rd = writtenReg(ins);
    if (rd === 0) continue;
    const v = roles[j]!.kind === "plain" ? evaluate(ins, known) : undefined;
    if (v === undefined) known.delete(rd);
    else known.set(rd, v);
  }
  const n = known.get(HOST_CALL_INDEX_REG);
  if (n === undefined) return "t0 does not hold a constant set in the same basic block; a host call is `li t0, N` followed by `ecall` (the guest host-call ABI)";
  if (n > BigInt(MAX_HOST_CALL)) return `t0 = ${n} is not a host-call index (0 .. ${MAX_HOST_CALL})`;
  return Number(n);
}
