/**
 * PVM assembly text → instruction records: the syntax the disassembler prints
 * (engine/isa/disasm.ts, formatInstruction), one instruction per line, operands in GP
 * field order per operand format, plus three extensions:
 *
 *   name:                    a label (alone, or before an instruction on the same line)
 *   @name                    a label as a branch/jump target (besides @pc, an absolute pc)
 *   .jump_table @a, @b, ...  the dynamic jump table j, in entry order (GP A.18: entry i is
 *                            djump address (i+1)·2); may appear more than once (appends)
 *   ; comment                to the end of the line
 *
 *   format           text                              operands
 *   none             trap
 *   imm              ecalli 10                         νX (0 .. 2^32-1 or negative)
 *   reg_ext_imm      load_imm_64 φ7, 18446744073709551615   rA, νX (u64 or negative)
 *   imm_imm          store_imm_u8 65536, 7             νX, νY
 *   offset           jump @12                          target
 *   reg_imm          load_imm φ7, -1                   rA, νX
 *   reg_imm_imm      store_imm_ind_u8 φ1, 8, 255       rA, νX, νY
 *   reg_imm_offset   branch_eq_imm φ7, 0, @loop        rA, νX, target
 *   reg_reg          move_reg φ7, φ8                   rD, rA
 *   reg_reg_imm      add_imm_64 φ7, φ8, 1              rA, rB, νX
 *   reg_reg_offset   branch_eq φ7, φ8, @0              rA, rB, target
 *   reg_reg_imm_imm  load_imm_jump_ind φ0, φ7, 2, 0    rA, rB, νX, νY
 *   reg_reg_reg      add_64 φ7, φ8, φ9                 rD, rA, rB
 *
 * Registers are φ0..φ12 (also accepted: r0..r12). Numbers are decimal or 0x hex, with an
 * optional sign. Mnemonics are looked up in the opcode table (engine/isa/opcodes.ts);
 * whether the chosen ISA profile has the instruction is checked when encoding.
 * Every error is a FormatError naming the file, the line and the problem.
 */
import { FormatError } from "../../errors.ts";
import { OPCODES, type OpcodeName, type OperandFormat, type Operands, opcodeIdByName } from "../../isa/index.ts";

/** A branch or jump target: an absolute pc, or a label. */
export type AsmTarget = { pc: number } | { label: string };

export interface AsmInstruction {
  name: OpcodeName;
  ops: Operands;
  target?: AsmTarget;
  /** 1-based source line */
  line: number;
}

export interface AsmSource {
  instructions: AsmInstruction[];
  /** label -> index of the instruction it names (= instructions.length for a label at the end) */
  labels: Map<string, number>;
  /** jump-table entries in order */
  jumpTable: Array<{ target: AsmTarget; line: number }>;
  file: string;
}

/** A FormatError for line `line` of `file`. */
export function asmError(file: string, line: number, problem: string): FormatError {
  return new FormatError("invalid", `${file}:${line}`, -1, problem);
}

const LABEL = /^[A-Za-z_.$][\w.$]*$/;

/** The operand list of each format: r = register, i = 32-bit immediate, w = 64-bit immediate, t = target. */
const OPERANDS: Readonly<Record<OperandFormat, { kinds: string; fields: Array<keyof Operands | "target"> }>> = {
  none: { kinds: "", fields: [] },
  imm: { kinds: "i", fields: ["x"] },
  reg_ext_imm: { kinds: "rw", fields: ["ra", "x64"] },
  imm_imm: { kinds: "ii", fields: ["x", "y"] },
  offset: { kinds: "t", fields: ["target"] },
  reg_imm: { kinds: "ri", fields: ["ra", "x"] },
  reg_imm_imm: { kinds: "rii", fields: ["ra", "x", "y"] },
  reg_imm_offset: { kinds: "rit", fields: ["ra", "x", "target"] },
  reg_reg: { kinds: "rr", fields: ["rd", "ra"] },
  reg_reg_imm: { kinds: "rri", fields: ["ra", "rb", "x"] },
  reg_reg_offset: { kinds: "rrt", fields: ["ra", "rb", "target"] },
  reg_reg_imm_imm: { kinds: "rrii", fields: ["ra", "rb", "x", "y"] },
  reg_reg_reg: { kinds: "rrr", fields: ["rd", "ra", "rb"] },
};

function parseInteger(text: string): bigint | undefined {
  const m = /^([+-]?)(0x[0-9a-f]+|\d+)$/i.exec(text);
  if (!m) return undefined;
  const v = BigInt(m[2]!);
  return m[1] === "-" ? -v : v;
}

/** Parses a target operand: @pc or @label. */
function parseTarget(text: string, fail: (p: string) => never): AsmTarget {
  if (!text.startsWith("@")) return fail(`expected a target @pc or @label, got "${text}"`);
  const rest = text.slice(1);
  const n = parseInteger(rest);
  if (n !== undefined) {
    if (n < 0n || n > 0xffffffffn) return fail(`target pc ${rest} is out of range`);
    return { pc: Number(n) };
  }
  if (!LABEL.test(rest)) return fail(`"${rest}" is not a label name`);
  return { label: rest };
}

/** Parses assembly `text` (from `file`, for messages). Throws FormatError. */
export function parseAsm(text: string, file = "asm"): AsmSource {
  const instructions: AsmInstruction[] = [];
  const labels = new Map<string, number>();
  const jumpTable: AsmSource["jumpTable"] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const fail = (p: string): never => {
      throw asmError(file, line, p);
    };
    let rest = raw.replace(/;.*$/, "").trim();
    for (let m = /^([A-Za-z_.$][\w.$]*):(\s|$)/.exec(rest); m; m = /^([A-Za-z_.$][\w.$]*):(\s|$)/.exec(rest)) {
      if (labels.has(m[1]!)) fail(`label "${m[1]}" is defined twice`);
      labels.set(m[1]!, instructions.length);
      rest = rest.slice(m[0].length).trim();
    }
    if (!rest) return;
    const sp = rest.search(/\s/);
    const mnemonic = sp < 0 ? rest : rest.slice(0, sp);
    const argText = sp < 0 ? "" : rest.slice(sp).trim();
    const args = argText ? argText.split(",").map((a) => a.trim()) : [];
    if (mnemonic === ".jump_table") {
      if (!args.length || args.some((a) => !a)) fail(".jump_table needs one or more targets separated by commas");
      for (const a of args) jumpTable.push({ target: parseTarget(a, fail), line });
      return;
    }
    const id = opcodeIdByName(mnemonic);
    if (id === undefined) fail(`unknown instruction "${mnemonic}"`);
    const def = OPCODES[id!]!;
    const shape = OPERANDS[def.format];
    if (args.length !== shape.kinds.length || args.some((a) => !a)) {
      fail(`${def.name} takes ${shape.kinds.length} operand(s) (${shape.fields.join(", ")}), got ${args.filter(Boolean).length}`);
    }
    const ops: Operands = {};
    let target: AsmTarget | undefined;
    [...shape.kinds].forEach((kind, k) => {
      const a = args[k]!;
      const field = shape.fields[k]!;
      switch (kind) {
        case "r": {
          const m = /^(?:φ|r)(\d+)$/i.exec(a);
          if (!m || Number(m[1]) > 12) fail(`operand ${k + 1} of ${def.name}: "${a}" is not a register φ0..φ12`);
          (ops as Record<string, number>)[field] = Number(m![1]);
          return;
        }
        case "i": {
          const v = parseInteger(a);
          if (v === undefined) fail(`operand ${k + 1} of ${def.name}: "${a}" is not an integer`);
          if (v! < -(2n ** 31n) || v! > 2n ** 32n - 1n) fail(`operand ${k + 1} of ${def.name}: ${a} does not fit 32 bits`);
          (ops as Record<string, number>)[field] = Number(BigInt.asIntN(32, v!));
          return;
        }
        case "w": {
          const v = parseInteger(a);
          if (v === undefined) fail(`operand ${k + 1} of ${def.name}: "${a}" is not an integer`);
          if (v! < -(2n ** 63n) || v! > 2n ** 64n - 1n) fail(`operand ${k + 1} of ${def.name}: ${a} does not fit 64 bits`);
          ops.x64 = BigInt.asUintN(64, v!);
          return;
        }
        default:
          target = parseTarget(a, fail);
      }
    });
    instructions.push({ name: def.name as OpcodeName, ops, target, line });
  });
  const check = (t: AsmTarget, line: number) => {
    if ("label" in t && !labels.has(t.label)) throw asmError(file, line, `undefined label "${t.label}"`);
  };
  for (const ins of instructions) if (ins.target) check(ins.target, ins.line);
  for (const e of jumpTable) check(e.target, e.line);
  return { instructions, labels, jumpTable, file };
}
