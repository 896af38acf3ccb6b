/**
 * Assembly → code blob (GP A.2: c, k, j), and code blob → assembly text: the inverse
 * pair `assembleText` / `disassembleText`. Both go through the one opcode table
 * (engine/isa: encodeInstruction, decodeAt, formatInstruction), so for every blob made
 * of minimally encoded instructions (encodeInstruction's default, and what this
 * assembler and the transpiler emit):
 *
 *     assembleText(disassembleText(blob)) = blob,   disassembleText(assembleText(t)) = t
 *
 * for t in the disassembler's own spelling (asm.test.ts checks this on random programs
 * of every opcode of every profile).
 *
 * Layout: an instruction's size depends only on its operands, except offsets, which
 * take the fewest bytes their distance needs (GP A.10 sign extension). An absolute
 * target @pc fixes the offset from the instruction's own pc; a label target starts at
 * 4 bytes and shrinks while the distances allow, as in the transpiler's assemble.ts.
 * Rounds repeat until no size changes; if a mix of both kinds does not settle within
 * MAX_ROUNDS, label offsets stay at 4 bytes (always enough) and absolute ones are placed
 * in one pass from the start.
 */
import { type CodeBlob } from "../../program/code-blob.ts";
import { analyzeCode } from "../../program/code-info.ts";
import { OPCODES, OPCODE_ID, encodeInstruction, formatInstruction, immLength, type IsaProfile, opcodeByte, type Operands } from "../../isa/index.ts";
import { type AsmSource, type AsmTarget, asmError, parseAsm } from "./syntax.ts";

const MAX_ROUNDS = 64;

function withTarget(name: keyof typeof OPCODE_ID, ops: Operands, at: number): Operands {
  const format = OPCODES[OPCODE_ID[name]]!.format;
  if (format === "reg_imm_offset") return { ...ops, y: at };
  return { ...ops, x: at };
}

/** Encodes parsed assembly for `profile`. Throws FormatError naming the line. */
export function assembleSource(src: AsmSource, profile: IsaProfile): CodeBlob {
  const list = src.instructions;
  const n = list.length;
  const size = new Int32Array(n);
  const offLen = new Int32Array(n);
  list.forEach((ins, i) => {
    if (opcodeByte(profile, ins.name) === undefined) throw asmError(src.file, ins.line, `${ins.name} is not an instruction of ISA profile ${profile}`);
    try {
      if (ins.target) {
        offLen[i] = 4;
        size[i] = encodeInstruction(profile, ins.name, withTarget(ins.name, ins.ops, 0), 0, 4).length;
      } else {
        size[i] = encodeInstruction(profile, ins.name, ins.ops, 0).length;
      }
    } catch (e) {
      if (e instanceof RangeError) throw asmError(src.file, ins.line, e.message);
      throw e;
    }
  });
  const pcs = new Int32Array(n + 1);
  const place = () => {
    for (let i = 0; i < n; i++) pcs[i + 1] = pcs[i]! + size[i]!;
  };
  const targetPc = (t: AsmTarget) => ("pc" in t ? t.pc : pcs[src.labels.get(t.label)!]!);
  const setLen = (i: number, len: number) => {
    size[i] = size[i]! + len - offLen[i]!;
    offLen[i] = len;
  };
  let settled = false;
  for (let round = 0; round < MAX_ROUNDS && !settled; round++) {
    settled = true;
    place();
    for (let i = 0; i < n; i++) {
      const t = list[i]!.target;
      if (!t) continue;
      const need = immLength(targetPc(t) - pcs[i]!);
      if ("label" in t ? need < offLen[i]! : need !== offLen[i]!) {
        setLen(i, need);
        settled = false;
      }
    }
  }
  if (!settled) {
    // label offsets at 4 bytes; absolute ones placed front to back
    for (let i = 0; i < n; i++) {
      const t = list[i]!.target;
      if (t && "label" in t) setLen(i, 4);
    }
    for (let i = 0; i < n; i++) {
      pcs[i + 1] = pcs[i]! + size[i]!;
      const t = list[i]!.target;
      if (t && "pc" in t) {
        setLen(i, immLength(t.pc - pcs[i]!));
        pcs[i + 1] = pcs[i]! + size[i]!;
      }
    }
  }
  place();
  const total = pcs[n]!;
  const starts = new Set<number>(Array.from(pcs));
  const code = new Uint8Array(total);
  const mask = new Uint8Array(total);
  list.forEach((ins, i) => {
    const pc = pcs[i]!;
    let bytes: number[];
    if (ins.target) {
      const at = targetPc(ins.target);
      if (!starts.has(at)) throw asmError(src.file, ins.line, `target @${at} is not the start of an instruction (or the end of the code, @${total})`);
      bytes = encodeInstruction(profile, ins.name, withTarget(ins.name, ins.ops, at), pc, offLen[i]!);
    } else {
      bytes = encodeInstruction(profile, ins.name, ins.ops, pc);
    }
    if (bytes.length !== size[i]) throw new Error(`asm: ${ins.name} at ${pc} encodes to ${bytes.length} bytes, laid out as ${size[i]} (assembler bug)`);
    code.set(bytes, pc);
    mask[pc] = 1;
  });
  const jumpTable = new Uint32Array(src.jumpTable.length);
  src.jumpTable.forEach((e, k) => {
    const at = targetPc(e.target);
    if (!starts.has(at) || at === total) throw asmError(src.file, e.line, `jump-table target @${at} is not the start of an instruction`);
    jumpTable[k] = at;
  });
  return { code, mask, jumpTable };
}

/** Assembles `text` (from `file`, for messages) for `profile`. Throws FormatError. */
export function assembleText(text: string, profile: IsaProfile = "gp-0.7", file = "asm"): CodeBlob {
  return assembleSource(parseAsm(text, file), profile);
}

/**
 * The blob as assembly text: a `.jump_table` line when it has entries, then one
 * formatInstruction line per instruction (GP A.19: bytes that are no opcode of the
 * profile print as `trap ; invalid opcode byte N`).
 */
export function disassembleText(blob: CodeBlob, profile: IsaProfile = "gp-0.7"): string {
  const info = analyzeCode(blob, profile);
  const lines: string[] = [];
  if (blob.jumpTable.length) lines.push(`.jump_table ${Array.from(blob.jumpTable, (t) => `@${t}`).join(", ")}`);
  for (const pc of info.order) {
    if (pc === blob.code.length) break;
    lines.push(formatInstruction(info.instructions[pc]!));
  }
  return lines.join("\n") + "\n";
}
