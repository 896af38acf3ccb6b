/**
 * Audit of a guest ELF's code with `llvm-objdump-22 -d -M no-aliases,numeric`:
 * the unique mnemonics (what the transpiler must translate) and any instruction outside
 * what a PVM guest may use: RV64I + M (plus the extensions the build enabled), no
 * atomics (lr/sc/amo*), registers x0..x15 only (RV64E) and not x3/x4 (gp/tp), no CSR
 * access or floating point. fence (no effect on one hart) and unimp (a trap) are fine.
 */
import type { Extension } from "./extensions.ts";
import { run, which } from "./common.ts";

export const OBJDUMP = "llvm-objdump-22";

export interface Rv64Audit {
  /** Sorted unique mnemonics (objdump spelling, no pseudo-instructions). */
  mnemonics: string[];
  /** Sorted unique registers, numeric (x0..x15). */
  registers: string[];
  instructions: number;
  /** Human-readable problems; empty when the code is plain rv64em (+ the allowed extensions). */
  violations: string[];
}

/**
 * Mnemonics each extension adds, as llvm-objdump spells them with -M no-aliases (RISC-V
 * Unprivileged ISA: "B" chapter for Zba/Zbb/Zbs, RV64 forms included; "Zicond"; "C"
 * without floating point and without c.ebreak, which ends a run).
 */
export const EXTENSION_MNEMONICS: Record<Extension, readonly string[]> = {
  zba: ["add.uw", "sh1add", "sh2add", "sh3add", "sh1add.uw", "sh2add.uw", "sh3add.uw", "slli.uw"],
  zbb: [
    "andn", "orn", "xnor", "clz", "clzw", "ctz", "ctzw", "cpop", "cpopw", "max", "maxu", "min", "minu",
    "sext.b", "sext.h", "zext.h", "rol", "rolw", "ror", "rori", "roriw", "rorw", "orc.b", "rev8",
  ],
  zbs: ["bclr", "bclri", "bext", "bexti", "binv", "binvi", "bset", "bseti"],
  zicond: ["czero.eqz", "czero.nez"],
  c: [
    "c.addi4spn", "c.ld", "c.lw", "c.sd", "c.sw", "c.nop", "c.addi", "c.addiw", "c.li", "c.addi16sp", "c.lui",
    "c.srli", "c.srai", "c.andi", "c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw", "c.j", "c.beqz",
    "c.bnez", "c.slli", "c.ldsp", "c.lwsp", "c.jr", "c.mv", "c.jalr", "c.add", "c.sdsp", "c.swsp",
  ],
};

/** Encodings that end a run on purpose (__builtin_trap), allowed anywhere. */
const TRAPS = new Set(["unimp", "c.unimp"]);

/** RV64I base + M extension, as llvm-objdump spells them with -M no-aliases. */
const RV64EM = new Set([
  "lui",
  "auipc",
  "jal",
  "jalr",
  "beq",
  "bne",
  "blt",
  "bge",
  "bltu",
  "bgeu",
  "lb",
  "lh",
  "lw",
  "ld",
  "lbu",
  "lhu",
  "lwu",
  "sb",
  "sh",
  "sw",
  "sd",
  "addi",
  "slti",
  "sltiu",
  "xori",
  "ori",
  "andi",
  "slli",
  "srli",
  "srai",
  "add",
  "sub",
  "sll",
  "slt",
  "sltu",
  "xor",
  "srl",
  "sra",
  "or",
  "and",
  "addiw",
  "slliw",
  "srliw",
  "sraiw",
  "addw",
  "subw",
  "sllw",
  "srlw",
  "sraw",
  "mul",
  "mulh",
  "mulhsu",
  "mulhu",
  "div",
  "divu",
  "rem",
  "remu",
  "mulw",
  "divw",
  "divuw",
  "remw",
  "remuw",
  "ecall",
  "ebreak",
  "fence",
]);

/** RV64I + M mnemonics (objdump -M no-aliases spelling). */
export const RV64EM_MNEMONICS: readonly string[] = [...RV64EM];

/** Audits `elfPath`; instructions of `extensions` are allowed (compressed ones with "c"). */
export async function auditRv64em(elfPath: string, extensions: readonly Extension[] = []): Promise<Rv64Audit> {
  const allowed = new Set<string>([...RV64EM, ...TRAPS, ...extensions.flatMap((e) => EXTENSION_MNEMONICS[e])]);
  const compressed = extensions.includes("c");
  if (!which(OBJDUMP)) throw new Error(`audit ${elfPath}: ${OBJDUMP} not found (apt-get install llvm-22)`);
  const r = await run([OBJDUMP, "-d", "-M", "no-aliases,numeric", elfPath]);
  if (r.code !== 0) throw new Error(`audit ${elfPath}: ${OBJDUMP} failed: ${r.stderr.trim().split("\n").pop()}`);
  const out = r.stdout;
  const mnemonics = new Set<string>();
  const registers = new Set<string>();
  const violations: string[] = [];
  let instructions = 0;
  // e.g. "    1284: 00113c23     \tsd\tx1, 0x18(x2)"
  const re = /^\s*([0-9a-f]+):\s+([0-9a-f]+)\s+(\S+)\s*(.*)$/;
  for (const line of out.split("\n")) {
    const m = line.match(re);
    if (!m) continue;
    const [, addr = "", enc = "", mnem = "", ops = ""] = m;
    instructions++;
    mnemonics.add(mnem);
    const where = `${addr}: ${mnem} ${ops.trim()}`;
    if (enc.length !== 8 && !compressed) violations.push(`compressed encoding at ${where}`);
    if (/^(lr|sc|amo)/.test(mnem)) violations.push(`atomic at ${where}`);
    else if (!allowed.has(mnem)) violations.push(`not RV64I/M${extensions.length ? `+${extensions.join("+")}` : ""}: ${where}`);
    for (const reg of ops.replace(/<.*$/, "").matchAll(/\bx(\d+)\b/g)) {
      const n = Number(reg[1]);
      registers.add(`x${n}`);
      if (n > 15) violations.push(`register x${n} outside RV64E at ${where}`);
      if (n === 3 || n === 4) violations.push(`register x${n} (${n === 3 ? "gp" : "tp"}) at ${where}`);
    }
  }
  if (instructions === 0) violations.push("no instructions disassembled");
  const byNum = (a: string, b: string) => Number(a.slice(1)) - Number(b.slice(1));
  return { mnemonics: [...mnemonics].sort(), registers: [...registers].sort(byNum), instructions, violations };
}
