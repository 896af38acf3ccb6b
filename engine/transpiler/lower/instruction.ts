/**
 * Lowering of one RISC-V instruction, given its role (roles.ts), to PVM instructions:
 * RV64IM (alu.ts, memory.ts, control.ts), Zba/Zbb/Zbs/Zicond (bitmanip.ts) and host
 * calls (`li t0, N; ecall` → ecalli N, host-call.ts).
 * Every mnemonic the decoder knows is either lowered here or rejected with an error
 * naming the instruction — nothing is dropped silently except what has no effect on a
 * single-hart PVM (fence, fence.i) or writes x0 without a side effect.
 *
 * Address pairs: a HI part (auipc/lui) emits `load_imm rd, new` only when its register
 * stays live (else nothing); each LO user takes the complete new address as an
 * immediate: addi → load_imm, load/store → the absolute load_* and store_* forms, jalr →
 * a direct jump or call, and `ld` from a GOT slot → load_imm of the address the slot
 * holds.
 */
import type { JumpTableBuilder } from "../jump-table.ts";
import { R_RISCV } from "../elf/relocations.ts";
import { nextAddr, type RvInstruction } from "../riscv/decode.ts";
import { pvmRegOf, rvRegName } from "../riscv/registers.ts";
import { type Role, directTarget, failAt, loJumpTarget } from "../roles.ts";
import type { Fail, Resolver } from "../targets.ts";
import type { TextRelocs } from "../text-relocs.ts";
import type { TextImage } from "../text.ts";
import { REG_IMM, REG_REG, type RegMap, lowerLui, lowerRegImm, lowerRegReg } from "./alu.ts";
import { BITMANIP_OPS, lowerBitmanip } from "./bitmanip.ts";
import { BRANCHES, lowerBranch, lowerDirectJump, lowerIndirectJump } from "./control.ts";
import { hostCallIndex } from "./host-call.ts";
import { LOADS, STORES, lowerLoad, lowerStore } from "./memory.ts";
import { type PvmOp, li } from "./pvm-op.ts";
import { type ScratchPool, deadAfter } from "./scratch.ts";

export interface LowerContext {
  text: TextImage;
  relocs: TextRelocs;
  resolver: Resolver;
  jt: JumpTableBuilder;
  /** one role per instruction (roles.ts) */
  roles: readonly Role[];
  /** old addresses that start a basic block (scan.ts) */
  leaders: ReadonlySet<number>;
}

/**
 * Lowers instruction `cx.text.instructions[i]` with its role. Throws FormatError naming
 * it when it cannot.
 */
export function lowerInstruction(cx: LowerContext, i: number): PvmOp[] {
  const ins = cx.text.instructions[i]!;
  const role = cx.roles[i]!;
  const fail: Fail = failAt(cx.text, ins);
  const reg: RegMap = (x) => {
    if (x === 0) throw new Error(`lowering ${ins.op} at 0x${ins.addr.toString(16)}: x0 reached the register map (transpiler bug)`);
    const r = pvmRegOf(x);
    if (r === undefined) fail(`register ${rvRegName(x)} (x${x}) has no PVM register; only ra, sp, t0-t2, s0-s1 and a0-a5 are mapped (RV64E without gp/tp)`);
    return r!;
  };
  switch (role.kind) {
    case "call-jalr":
      return [];
    case "call": {
      const { jalr, target } = role.call;
      return lowerDirectJump(jalr.rd, reg, target.addr, jalr.rd !== 0 ? cx.jt.address(nextAddr(jalr)) : undefined);
    }
    case "hi": {
      if (role.dead || ins.rd === 0) return [];
      if (role.hi.type === R_RISCV.GOT_HI20) fail("the GOT slot address stays live in its register; only `auipc rd; ld rd, 0(rd)` GOT accesses are supported");
      return [li(reg(ins.rd), cx.resolver.newValue(role.hi.target))];
    }
    case "lo":
      return lowerLo(cx, ins, role.lo, reg, fail);
    case "plain": {
      let free: number[] | undefined;
      const pool: ScratchPool = { free: () => (free ??= deadAfter(cx.text.instructions, i, cx.leaders)) };
      return lowerPlain(cx, i, reg, pool, fail);
    }
  }
}

function lowerLo(cx: LowerContext, ins: RvInstruction, lo: Extract<Role, { kind: "lo" }>["lo"], reg: RegMap, fail: (p: string) => never): PvmOp[] {
  const t = lo.target;
  if (ins.op === "jalr") {
    return lowerDirectJump(ins.rd, reg, loJumpTarget(cx.text, lo), ins.rd !== 0 ? cx.jt.address(nextAddr(ins)) : undefined);
  }
  const value = cx.resolver.newValue(t);
  if (ins.op === "addi" || lo.got) return ins.rd === 0 ? [] : [li(reg(ins.rd), value)];
  if (t.kind === "code") fail("reads or writes code memory, which the PVM does not map as data");
  if (LOADS[ins.op]) return lowerLoad(ins, reg, value);
  if (STORES[ins.op]) return lowerStore(ins, reg, value);
  return fail("cannot complete a %lo address");
}

function lowerPlain(cx: LowerContext, i: number, reg: RegMap, pool: ScratchPool, fail: (p: string) => never): PvmOp[] {
  const ins = cx.text.instructions[i]!;
  if (REG_REG[ins.op]) return lowerRegReg(ins, reg);
  if (BITMANIP_OPS.has(ins.op)) return lowerBitmanip(ins, { reg, pool });
  if (REG_IMM[ins.op]) return lowerRegImm(ins, reg);
  if (LOADS[ins.op]) return lowerLoad(ins, reg);
  if (STORES[ins.op]) return lowerStore(ins, reg);
  if (BRANCHES[ins.op]) return lowerBranch(ins, reg, directTarget(cx.text, cx.relocs, cx.resolver, ins));
  switch (ins.op) {
    case "lui":
      return lowerLui(ins, reg);
    case "auipc":
      if (ins.rd === 0) return [];
      return fail("auipc without a relocation: its value cannot be mapped (link with --emit-relocs)");
    case "jal":
      return lowerDirectJump(ins.rd, reg, directTarget(cx.text, cx.relocs, cx.resolver, ins), ins.rd !== 0 ? cx.jt.address(nextAddr(ins)) : undefined);
    case "jalr":
      return lowerIndirectJump(ins, reg, ins.rd !== 0 ? cx.jt.address(nextAddr(ins)) : undefined, fail);
    case "fence":
    case "fence.i":
      // One hart, no caches to synchronise: ordering is already total.
      return [];
    case "ebreak":
    case "unimp":
      return [{ name: "trap", ops: {} }];
    case "ecall": {
      const n = hostCallIndex(cx.text.instructions, cx.roles, i, cx.leaders);
      if (typeof n === "string") return fail(n);
      return [{ name: "ecalli", ops: { x: n | 0 } }];
    }
    default:
      return fail(`${ins.op} is not supported (no CSRs on the PVM)`);
  }
}
