/**
 * Assembly text → the passes' CFG (passes/cfg.ts), so optimisation passes can be tested
 * on hand-written PVM code. Targets must be labels (the CFG knows blocks, not pcs), and
 * every label that is a target or a jump-table entry must start a basic block: the
 * first instruction, or one after a terminator (GP A.5) — as the transpiler's own
 * lowering guarantees.
 */
import { FormatError } from "../../errors.ts";
import type { PvmItem } from "../lower/lower-text.ts";
import { type Program, buildProgram } from "../passes/cfg.ts";
import { asmError, parseAsm } from "./syntax.ts";

/** Parses `text` into a Program. Throws FormatError naming the line. */
export function programFromAsm(text: string, file = "asm"): Program {
  const src = parseAsm(text, file);
  // old "addresses" are instruction indices
  const labelIndex = (t: { label: string } | { pc: number }, line: number): number => {
    if (!("label" in t)) throw asmError(file, line, "a CFG needs label targets, not @pc");
    const i = src.labels.get(t.label)!;
    if (i >= src.instructions.length) throw asmError(file, line, `label "${t.label}" is at the end of the code; it names no block`);
    return i;
  };
  const items: PvmItem[] = src.instructions.map((ins, i) => ({
    name: ins.name,
    ops: ins.ops,
    target: ins.target ? labelIndex(ins.target, ins.line) : undefined,
    src: i,
  }));
  const addrMap = new Map(items.map((_, i) => [i, i] as const));
  const jumpTable = src.jumpTable.map((e) => labelIndex(e.target, e.line));
  try {
    return buildProgram(items, addrMap, jumpTable);
  } catch (e) {
    if (e instanceof Error && !(e instanceof FormatError)) throw new FormatError("invalid", `${file}: program`, -1, e.message.replace(/ \(transpiler bug\)$/, ""));
    throw e;
  }
}
