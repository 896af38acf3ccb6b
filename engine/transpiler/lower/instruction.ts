/**
 * Lowering of one RISC-V instruction, given its role (roles.ts), to PVM instructions.
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
import type { RvInstruction } from "../riscv/decode.ts";
import { pvmRegOf, rvRegName } from "../riscv/registers.ts";
import { type Role, directTarget, failAt, loJumpTarget } from "../roles.ts";
import type { Fail, Resolver } from "../targets.ts";
import type { TextRelocs } from "../text-relocs.ts";
import type { TextImage } from "../text.ts";
import { REG_IMM, REG_REG, type RegMap, lowerLui, lowerRegImm, lowerRegReg } from "./alu.ts";
import { BRANCHES, lowerBranch, lowerDirectJump, lowerIndirectJump } from "./control.ts";
import { LOADS, STORES, lowerLoad, lowerStore } from "./memory.ts";
import { type PvmOp, li } from "./pvm-op.ts";

export interface LowerContext {
  text: TextImage;
  relocs: TextRelocs;
  resolver: Resolver;
  jt: JumpTableBuilder;
}

/** Lowers instruction `ins` with role `role`. Throws FormatError naming it when it cannot. */
export function lowerInstruction(cx: LowerContext, ins: RvInstruction, role: Role): PvmOp[] {
  const fail: Fail = failAt(cx.text, ins);
  const reg: RegMap = (x) => {
    if (x === 0) throw new Error(`lowering ${ins.op} at 0x${ins.addr.toString(16)}: x0 reached the register map (transpiler bug)`);
    const r = pvmRegOf(x);
    if (r === undefined) fail(`register ${rvRegName(x)} (x${x}) has no PVM register; only ra, sp, t0-t2, s0-s1 and a0-a5 are mapped (RV64E without gp/tp)`);
    return r!;
  };
  const ret = (addr: number) => cx.jt.address(addr + 4);
  switch (role.kind) {
    case "call-jalr":
      return [];
    case "call": {
      const { jalr, target } = role.call;
      return lowerDirectJump(jalr.rd, reg, target.addr, jalr.rd !== 0 ? ret(jalr.addr) : undefined);
    }
    case "hi": {
      if (role.dead || ins.rd === 0) return [];
      if (role.hi.type === R_RISCV.GOT_HI20) fail("the GOT slot address stays live in its register; only `auipc rd; ld rd, 0(rd)` GOT accesses are supported");
      return [li(reg(ins.rd), cx.resolver.newValue(role.hi.target))];
    }
    case "lo":
      return lowerLo(cx, ins, role.lo, reg, fail);
    case "plain":
      return lowerPlain(cx, ins, reg, fail);
  }
}

function lowerLo(cx: LowerContext, ins: RvInstruction, lo: Extract<Role, { kind: "lo" }>["lo"], reg: RegMap, fail: (p: string) => never): PvmOp[] {
  const t = lo.target;
  if (ins.op === "jalr") {
    return lowerDirectJump(ins.rd, reg, loJumpTarget(cx.text, lo), ins.rd !== 0 ? cx.jt.address(ins.addr + 4) : undefined);
  }
  const value = cx.resolver.newValue(t);
  if (ins.op === "addi" || lo.got) return ins.rd === 0 ? [] : [li(reg(ins.rd), value)];
  if (t.kind === "code") fail("reads or writes code memory, which the PVM does not map as data");
  if (LOADS[ins.op]) return lowerLoad(ins, reg, value);
  if (STORES[ins.op]) return lowerStore(ins, reg, value);
  return fail("cannot complete a %lo address");
}

function lowerPlain(cx: LowerContext, ins: RvInstruction, reg: RegMap, fail: (p: string) => never): PvmOp[] {
  if (REG_REG[ins.op]) return lowerRegReg(ins, reg);
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
      return lowerDirectJump(ins.rd, reg, directTarget(cx.text, cx.relocs, cx.resolver, ins), ins.rd !== 0 ? cx.jt.address(ins.addr + 4) : undefined);
    case "jalr":
      return lowerIndirectJump(ins, reg, ins.rd !== 0 ? cx.jt.address(ins.addr + 4) : undefined, fail);
    case "fence":
    case "fence.i":
      // One hart, no caches to synchronise: ordering is already total.
      return [];
    case "ebreak":
    case "unimp":
      return [{ name: "trap", ops: {} }];
    case "ecall":
      return fail("ecall: RISC-V host calls are not mapped to PVM ecalli yet");
    default:
      return fail(`${ins.op} is not supported (no CSRs on the PVM)`);
  }
}
