/**
 * Test support for the lowering tests: PVM instructions assembled with a return, run on
 * the reference interpreter with chosen RISC-V register values, one instance reused.
 * Registers not given start at 0xdead0000 + φ index so that a clobbered one shows; ra
 * (φ0) holds the halt address and sp (φ1) points to the top of two mapped pages at
 * STACK_PAGE, so parked temporaries (scratch.ts) have somewhere to go.
 */
import { interpreterBackend } from "../../interpreter/interpreter.ts";
import type { ExitReason, Instance } from "../../backend.ts";
import { HALT_ADDRESS } from "../../program/layout.ts";
import { assemble } from "../assemble.ts";
import type { RvInstruction, RvMnemonic } from "../riscv/decode.ts";
import { pvmRegOf } from "../riscv/registers.ts";
import type { PvmItem } from "./lower-text.ts";
import type { PvmOp } from "./pvm-op.ts";

export const reg = (x: number) => pvmRegOf(x)!;
export const STACK_PAGE = 0x30000;
export const SP_VALUE = BigInt(STACK_PAGE + 2 * 4096);

/** A decoded-instruction record for the lowering functions. */
export function rv(op: RvMnemonic, rd: number, rs1: number, rs2: number, imm = 0): RvInstruction {
  return { addr: 0x1000, word: 0, size: 4, op, rd, rs1, rs2, imm };
}

export interface MachineRun {
  exit: ExitReason;
  inst: Instance;
  /** the 13 PVM registers before the run */
  before: bigint[];
}

/** Assembles `ops` + a return into a module and gives back a runner reusing one instance. */
export function machine(ops: readonly PvmOp[], extraItems: PvmItem[] = [], addrMap = new Map<number, number>()) {
  const items: PvmItem[] = [...ops.map((o) => ({ ...o, src: 0 })), { name: "jump_ind", ops: { ra: 0, x: 0 }, src: 0 }, ...extraItems];
  const { code } = assemble(items, addrMap, [], "gp-0.7");
  const mod = interpreterBackend.compile(code, { profile: "gp-0.7" });
  const inst: Instance = interpreterBackend.instantiate(mod);
  inst.mapPages(STACK_PAGE / 4096, 2, true);
  /** `regs`: RISC-V register number -> value */
  return (regs: Record<number, bigint>): MachineRun => {
    for (let i = 0; i < 13; i++) inst.setReg(i, 0xdead0000n + BigInt(i));
    inst.setReg(0, BigInt(HALT_ADDRESS));
    inst.setReg(reg(2), SP_VALUE);
    for (const [x, v] of Object.entries(regs)) inst.setReg(reg(Number(x)), v);
    const before = Array.from({ length: 13 }, (_, i) => inst.getReg(i));
    inst.pc = 0;
    inst.gas = 1000n;
    const exit = inst.run();
    return { exit, inst, before };
  };
}

/** The φ indices whose value differs from `before`, other than `except`. */
export function clobbered(run: MachineRun, except: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 13; i++) if (i !== except && run.inst.getReg(i) !== run.before[i]) out.push(i);
  return out;
}
