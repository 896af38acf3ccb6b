/**
 * Lowers the whole text, in old-address order, to a list of PVM instructions:
 *
 *   [jump @entry]            only when the entry is not the first instruction (the run
 *                            starts at pc 0 with φ0 = the halt address, so the entry's
 *                            `ret` halts)
 *   <each RV instruction's lowering>, with `fallthrough` inserted before a leader that
 *                            does not already follow a terminator (GP A.5: only block
 *                            starts may be branched to)
 *   [trap]                   only when something returns to / jumps to the end of a
 *                            code section (e.g. a call as its last instruction)
 *
 * `addrMap` maps every old instruction address to the index of its first PVM
 * instruction (or of the next one, if it lowered to nothing).
 */
import { OPCODES, OPCODE_ID } from "../../isa/index.ts";
import { failAt } from "../roles.ts";
import type { LowerContext } from "./instruction.ts";
import { lowerInstruction } from "./instruction.ts";
import type { PvmOp } from "./pvm-op.ts";

export interface PvmItem extends PvmOp {
  /** old address of the RV instruction it comes from; -1 for the entry jump */
  src: number;
}

export interface LoweredText {
  items: PvmItem[];
  addrMap: Map<number, number>;
}

const isTerminator = (op: PvmOp) => OPCODES[OPCODE_ID[op.name]]!.terminator;

/** Lowers every instruction of cx.text (cx.leaders come from scanText). */
export function lowerText(cx: LowerContext, entry: number): LoweredText {
  const { roles, leaders } = cx;
  const items: PvmItem[] = [];
  const addrMap = new Map<number, number>();
  const { instructions } = cx.text;
  if (instructions[0]?.addr !== entry) items.push({ name: "jump", ops: {}, target: entry, src: -1 });
  const startBlock = (src: number) => {
    const last = items[items.length - 1];
    if (last && !isTerminator(last)) items.push({ name: "fallthrough", ops: {}, src });
  };
  instructions.forEach((ins, i) => {
    const role = roles[i]!;
    if (leaders.has(ins.addr)) {
      if (role.kind === "call-jalr") failAt(cx.text, ins)("a jump lands between the auipc and the jalr of a call");
      startBlock(ins.addr);
    }
    addrMap.set(ins.addr, items.length);
    for (const op of lowerInstruction(cx, i)) items.push({ ...op, src: ins.addr });
  });
  // Leaders with no PVM instruction of their own: section ends, and trailing
  // instructions that lowered to nothing.
  const past = items.length;
  const dangling = [...leaders].filter((a) => (addrMap.get(a) ?? past) === past);
  if (dangling.length) {
    startBlock(-1);
    for (const a of dangling) addrMap.set(a, items.length);
    items.push({ name: "trap", ops: {}, src: -1 });
  }
  return { items, addrMap };
}
