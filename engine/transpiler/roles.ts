/**
 * What each instruction is to the transpiler, from its relocations: one classification
 * shared by the control-flow scan (scan.ts) and the lowering (lower/instruction.ts), so
 * the two cannot disagree about which instruction jumps where.
 */
import type { RvInstruction } from "./riscv/decode.ts";
import type { CallPart, HiPart, LoPart, TextRelocs } from "./text-relocs.ts";
import type { Fail, Resolver } from "./targets.ts";
import { type TextImage, instructionError } from "./text.ts";

export type Role =
  /** auipc of a CALL pair: the whole call is lowered here */
  | { kind: "call"; call: CallPart }
  /** jalr of a CALL pair: emits nothing */
  | { kind: "call-jalr" }
  /** auipc/lui with a HI relocation; `dead`: its value is never read (emits nothing) */
  | { kind: "hi"; hi: HiPart; dead: boolean }
  /** instruction with a LO relocation: uses the full address as an immediate */
  | { kind: "lo"; lo: LoPart }
  | { kind: "plain" };

/** One role per instruction of `text`, by index. */
export function computeRoles(text: TextImage, relocs: TextRelocs): Role[] {
  const roles: Role[] = text.instructions.map(() => ({ kind: "plain" }));
  text.instructions.forEach((ins, i) => {
    const call = relocs.calls.get(ins.addr);
    const hi = relocs.hi.get(ins.addr);
    const lo = relocs.lo.get(ins.addr);
    if (call) {
      roles[i] = { kind: "call", call };
      roles[i + 1] = { kind: "call-jalr" };
    } else if (hi) {
      roles[i] = { kind: "hi", hi, dead: hi.dead };
    } else if (lo && roles[i]!.kind === "plain") {
      roles[i] = { kind: "lo", lo };
    }
  });
  return roles;
}

/** A Fail that names instruction `ins`. */
export function failAt(text: TextImage, ins: RvInstruction): Fail {
  return (problem) => {
    throw instructionError(text.view, ins, problem);
  };
}

/** Old code address a branch or jal goes to: its relocation (object files) or its immediate. */
export function directTarget(text: TextImage, relocs: TextRelocs, resolver: Resolver, ins: RvInstruction): number {
  return (relocs.direct.get(ins.addr) ?? resolver.code(ins.addr + ins.imm, failAt(text, ins))).addr;
}

/** The old code address a jalr with a %lo relocation jumps to; an error when it is not code. */
export function loJumpTarget(text: TextImage, lo: LoPart): number {
  if (lo.target.kind !== "code") return failAt(text, lo.ins)("jumps to an address that is not code");
  return lo.target.addr;
}
