/**
 * Control-flow scan, before lowering: which old code addresses must start a PVM basic
 * block (branch and jump targets, the entry, jump-table entries — GP A.5 only lets
 * branches and djumps land on block starts) and which need a jump-table entry (return
 * addresses of calls, and code addresses the program takes as values through a HI/LO
 * pair or a GOT slot). Data relocations add their code targets to the jump table
 * themselves (data-relocs.ts).
 */
import type { JumpTableBuilder } from "./jump-table.ts";
import { nextAddr } from "./riscv/decode.ts";
import { type Role, directTarget, loJumpTarget } from "./roles.ts";
import type { Resolver } from "./targets.ts";
import type { TextRelocs } from "./text-relocs.ts";
import type { TextImage } from "./text.ts";

const BRANCH_OPS = new Set(["beq", "bne", "blt", "bge", "bltu", "bgeu"]);

/** Returns the leaders (old addresses that must start a block); fills `jt`. */
export function scanText(text: TextImage, relocs: TextRelocs, roles: readonly Role[], resolver: Resolver, jt: JumpTableBuilder, entry: number): Set<number> {
  const leaders = new Set<number>([entry]);
  text.instructions.forEach((ins, i) => {
    const role = roles[i]!;
    const next = nextAddr(ins);
    switch (role.kind) {
      case "call":
        leaders.add(role.call.target.addr);
        if (role.call.jalr.rd !== 0) jt.add(nextAddr(role.call.jalr));
        return;
      case "call-jalr":
        return;
      case "hi":
        if (!role.dead && role.hi.target.kind === "code") jt.add(role.hi.target.addr);
        return;
      case "lo": {
        const t = role.lo.target;
        if (ins.op === "jalr") {
          leaders.add(loJumpTarget(text, role.lo));
          if (ins.rd !== 0) jt.add(next);
        } else if (t.kind === "code" && (ins.op === "addi" || role.lo.got)) {
          jt.add(t.addr);
        }
        return;
      }
      case "plain":
        if (BRANCH_OPS.has(ins.op)) leaders.add(directTarget(text, relocs, resolver, ins));
        else if (ins.op === "jal") {
          leaders.add(directTarget(text, relocs, resolver, ins));
          if (ins.rd !== 0) jt.add(next);
        } else if (ins.op === "jalr" && ins.rd !== 0) jt.add(next);
        return;
    }
  });
  for (const rv of jt.freeze()) leaders.add(rv);
  return leaders;
}
