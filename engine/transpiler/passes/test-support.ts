/**
 * Test support for the passes: assemble hand-written PVM code into a Program, run a
 * Program on the reference interpreter (gp-0.7 or jar numbering and gas) with chosen
 * registers and a mapped stack, and compare a run before and after a pass.
 */
import { expect } from "bun:test";
import { interpreterBackend } from "../../interpreter/interpreter.ts";
import type { IsaProfile } from "../../isa/index.ts";
import { HALT_ADDRESS } from "../../program/layout.ts";
import { assemble } from "../assemble.ts";
import { programFromAsm } from "../asm/to-program.ts";
import { type Program, flatten } from "./cfg.ts";

export { programFromAsm };

export const STACK_TOP = 0x40000;
export const DATA = 0x50000;

export interface Outcome {
  status: string;
  /** φ7: the result */
  result: bigint;
  gas: bigint;
  /** the data page at DATA (first 64 bytes) */
  memory: number[];
  instructions: number;
}

/** Deep copy of a program (passes edit in place). */
export function cloneProgram(p: Program): Program {
  return structuredClone(p);
}

/** Runs `p` with φ0 = the halt address, φ1 = STACK_TOP, pages below it and at DATA mapped. */
export function runProgram(p: Program, regs: Record<number, bigint> = {}, profile: IsaProfile = "gp-0.7"): Outcome {
  const f = flatten(p);
  const { code } = assemble(f.items, f.addrMap, f.jumpTable, profile);
  const inst = interpreterBackend.instantiate(interpreterBackend.compile(code, { profile }));
  inst.mapPages(STACK_TOP / 4096 - 2, 2, true);
  inst.mapPages(DATA / 4096, 1, true);
  inst.setReg(0, BigInt(HALT_ADDRESS));
  inst.setReg(1, BigInt(STACK_TOP));
  for (const [r, v] of Object.entries(regs)) inst.setReg(Number(r), v);
  inst.gas = 1_000_000n;
  const exit = inst.run();
  return { status: exit.status, result: inst.getReg(7), gas: 1_000_000n - inst.gas, memory: [...inst.readMemory(DATA, 64)], instructions: f.items.length };
}

/**
 * Runs `pass` on a copy of the program from `text`; for every register set in `inputs`
 * the outcome (status, φ7, memory) must be the same and the gas no higher, under gp-0.7
 * and jar. Returns the optimised program.
 */
export function checkPass(text: string, pass: (p: Program) => unknown, inputs: Array<Record<number, bigint>>): Program {
  const before = programFromAsm(text, "test.s");
  const after = cloneProgram(before);
  pass(after);
  for (const regs of inputs) {
    for (const profile of ["gp-0.7", "jar"] as const) {
      const a = runProgram(before, regs, profile);
      const b = runProgram(after, regs, profile);
      expect({ profile, regs, status: b.status, result: b.result, memory: b.memory }).toEqual({ profile, regs, status: a.status, result: a.result, memory: a.memory });
      expect(b.gas <= a.gas ? "gas not higher" : `gas ${a.gas} -> ${b.gas} (${profile})`).toBe("gas not higher");
    }
  }
  return after;
}

/** The instruction names of a program, block by block (for asserting a rewrite). */
export function opNames(p: Program): string[] {
  const f = flatten(p);
  return f.items.map((i) => i.name);
}
