/**
 * Instruction traces and the step crosscheck, for every backend that offers
 * Instance.step (the interpreter always; the JIT when compiled with `trace: true`).
 *
 * A trace line: `<pc>: <instruction> | <changed registers> | gas <n>` — the same text
 * on both backends, so two traces can be diffed line by line.
 */
import type { ExitReason, Instance } from "../backend.ts";
import { formatInstruction } from "../isa/index.ts";
import { type CodeInfo, instructionAt } from "../program/code-info.ts";

export interface TraceLine {
  pc: number;
  text: string;
}

function regsOf(inst: Instance): bigint[] {
  return Array.from({ length: 13 }, (_, i) => inst.getReg(i));
}

/** One line for the instruction at `pc`, given registers before and after it. */
export function traceLine(info: CodeInfo, pc: number, before: bigint[], after: bigint[], gas: bigint): string {
  const changed: string[] = [];
  for (let i = 0; i < 13; i++) if (before[i] !== after[i]) changed.push(`φ${i}=${after[i]}`);
  return `${pc}: ${formatInstruction(instructionAt(info, pc))} | ${changed.join(" ") || "-"} | gas ${gas}`;
}

/**
 * Steps `inst` to its next exit, calling `line` once per executed instruction.
 * Throws when the backend cannot step.
 */
export function traceToExit(inst: Instance, info: CodeInfo, line: (text: string) => void): ExitReason {
  if (!inst.step) throw new Error("this backend cannot step (compile the JIT with trace: true)");
  for (;;) {
    const pc = inst.pc;
    const before = regsOf(inst);
    const { exit, gas } = inst.step();
    const at = exit ? exit.pc : pc;
    const tail = exit ? ` | ${exit.status}${exit.pageFaultAddress !== undefined ? ` ${exit.pageFaultAddress}` : ""}${exit.hostCall !== undefined ? ` ${exit.hostCall}` : ""}` : "";
    line(traceLine(info, at, before, regsOf(inst), gas) + tail);
    if (exit) return exit;
  }
}

export interface Divergence {
  step: number;
  pc: number;
  what: string;
}

/**
 * Runs `candidate` against `reference` one instruction at a time and returns the first
 * divergence (pc, registers, gas, exit), or undefined when both reach the same exit.
 */
export function crosscheck(reference: Instance, candidate: Instance, info: CodeInfo, maxSteps = 1e9): { divergence?: Divergence; exit?: ExitReason; steps: number } {
  if (!reference.step || !candidate.step) throw new Error("crosscheck needs two steppable instances");
  for (let n = 0; n < maxSteps; n++) {
    const pc = reference.pc;
    const a = reference.step();
    const b = candidate.step();
    const ins = `${pc}: ${formatInstruction(instructionAt(info, pc))}`;
    const diff = (what: string): { divergence: Divergence; steps: number } => ({ divergence: { step: n, pc, what: `${ins}: ${what}` }, steps: n + 1 });
    if ((a.exit === null) !== (b.exit === null)) return diff(`exit ${a.exit?.status ?? "none"} vs ${b.exit?.status ?? "none"}`);
    if (a.exit && b.exit) {
      for (const f of ["status", "pc", "pageFaultAddress", "hostCall"] as const) if (a.exit[f] !== b.exit[f]) return diff(`${f} ${String(a.exit[f])} vs ${String(b.exit[f])}`);
    }
    if (a.gas !== b.gas) return diff(`gas ${a.gas} vs ${b.gas}`);
    if (reference.pc !== candidate.pc) return diff(`next pc ${reference.pc} vs ${candidate.pc}`);
    for (let i = 0; i < 13; i++) {
      const x = reference.getReg(i);
      const y = candidate.getReg(i);
      if (x !== y) return diff(`φ${i} ${x} vs ${y}`);
    }
    if (a.exit) {
      const pages = reference.pages();
      for (const { page } of pages) {
        const x = reference.readMemory(page * 4096, 4096);
        const y = candidate.readMemory(page * 4096, 4096);
        for (let i = 0; i < 4096; i++) if (x[i] !== y[i]) return diff(`memory at ${page * 4096 + i}: ${x[i]} vs ${y[i]}`);
      }
      return { exit: a.exit, steps: n + 1 };
    }
  }
  return { steps: maxSteps };
}

