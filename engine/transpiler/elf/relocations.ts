/**
 * ELF64 RELA entries (gABI "Relocation") and the RISC-V relocation type numbers (RISC-V
 * ELF psABI, "Relocations" table).
 *
 *   Elf64_Rela (24 bytes): 0 r_offset u64 | 8 r_info u64 (sym << 32 | type) | 16 r_addend i64
 */
import { type ElfFile, type ElfReader, type ElfSection, SHT_RELA, elfReader } from "./elf-file.ts";

/** RISC-V psABI relocation types used by the transpiler (the numbers are the psABI's). */
export const R_RISCV = {
  NONE: 0,
  _32: 1,
  _64: 2,
  RELATIVE: 3,
  BRANCH: 16,
  JAL: 17,
  CALL: 18,
  CALL_PLT: 19,
  GOT_HI20: 20,
  PCREL_HI20: 23,
  PCREL_LO12_I: 24,
  PCREL_LO12_S: 25,
  HI20: 26,
  LO12_I: 27,
  LO12_S: 28,
  ADD8: 33,
  ADD16: 34,
  ADD32: 35,
  ADD64: 36,
  SUB8: 37,
  SUB16: 38,
  SUB32: 39,
  SUB64: 40,
  ALIGN: 43,
  RVC_BRANCH: 44,
  RVC_JUMP: 45,
  RELAX: 51,
  SUB6: 52,
  SET6: 53,
  SET8: 54,
  SET16: 55,
  SET32: 56,
  _32_PCREL: 57,
} as const;

/** psABI names of every RISC-V relocation type, for error messages. */
const NAMES: Record<number, string> = {
  0: "R_RISCV_NONE", 1: "R_RISCV_32", 2: "R_RISCV_64", 3: "R_RISCV_RELATIVE", 4: "R_RISCV_COPY",
  5: "R_RISCV_JUMP_SLOT", 6: "R_RISCV_TLS_DTPMOD32", 7: "R_RISCV_TLS_DTPMOD64", 8: "R_RISCV_TLS_DTPREL32",
  9: "R_RISCV_TLS_DTPREL64", 10: "R_RISCV_TLS_TPREL32", 11: "R_RISCV_TLS_TPREL64", 12: "R_RISCV_TLSDESC",
  16: "R_RISCV_BRANCH", 17: "R_RISCV_JAL", 18: "R_RISCV_CALL", 19: "R_RISCV_CALL_PLT", 20: "R_RISCV_GOT_HI20",
  21: "R_RISCV_TLS_GOT_HI20", 22: "R_RISCV_TLS_GD_HI20", 23: "R_RISCV_PCREL_HI20", 24: "R_RISCV_PCREL_LO12_I",
  25: "R_RISCV_PCREL_LO12_S", 26: "R_RISCV_HI20", 27: "R_RISCV_LO12_I", 28: "R_RISCV_LO12_S",
  29: "R_RISCV_TPREL_HI20", 30: "R_RISCV_TPREL_LO12_I", 31: "R_RISCV_TPREL_LO12_S", 32: "R_RISCV_TPREL_ADD",
  33: "R_RISCV_ADD8", 34: "R_RISCV_ADD16", 35: "R_RISCV_ADD32", 36: "R_RISCV_ADD64", 37: "R_RISCV_SUB8",
  38: "R_RISCV_SUB16", 39: "R_RISCV_SUB32", 40: "R_RISCV_SUB64", 41: "R_RISCV_GOT32_PCREL", 43: "R_RISCV_ALIGN",
  44: "R_RISCV_RVC_BRANCH", 45: "R_RISCV_RVC_JUMP", 51: "R_RISCV_RELAX", 52: "R_RISCV_SUB6", 53: "R_RISCV_SET6",
  54: "R_RISCV_SET8", 55: "R_RISCV_SET16", 56: "R_RISCV_SET32", 57: "R_RISCV_32_PCREL", 58: "R_RISCV_IRELATIVE",
  59: "R_RISCV_PLT32", 60: "R_RISCV_SET_ULEB128", 61: "R_RISCV_SUB_ULEB128", 62: "R_RISCV_TLSDESC_HI20",
  63: "R_RISCV_TLSDESC_LOAD_LO12", 64: "R_RISCV_TLSDESC_ADD_LO12", 65: "R_RISCV_TLSDESC_CALL",
};

/** "R_RISCV_PCREL_HI20", or "relocation type N" for an unknown number. */
export function relocationName(type: number): string {
  return NAMES[type] ?? `relocation type ${type}`;
}

export interface ElfRela {
  /** r_offset as stored: an address (DYN/EXEC) or an offset into the target section (REL) */
  offset: number;
  type: number;
  /** symbol table index (0: no symbol) */
  sym: number;
  addend: number;
  /** the SHT_RELA section holding the entry */
  section: ElfSection;
  /** file offset of the entry, for error messages */
  entryOffset: number;
}

const RELA_SIZE = 24;

/** Reads the entries of one SHT_RELA section. Throws FormatError on a truncated table. */
export function readRela(elf: ElfFile, sec: ElfSection): ElfRela[] {
  const r: ElfReader = elfReader(elf);
  if (sec.type !== SHT_RELA) throw new RangeError(`readRela: section ${sec.name} is not SHT_RELA`);
  if (sec.size % RELA_SIZE !== 0) {
    r.fail("invalid", `section header ${sec.index} (${sec.name}): sh_size`, sec.headerOffset + 32, `is ${sec.size}, not a multiple of ${RELA_SIZE}`);
  }
  const out: ElfRela[] = [];
  for (let i = 0; i < sec.size / RELA_SIZE; i++) {
    const e = sec.offset + i * RELA_SIZE;
    const f = (name: string) => `${sec.name} entry ${i}: ${name}`;
    out.push({
      offset: r.u64(e, f("r_offset")),
      type: r.u32(e + 8, f("r_info type")),
      sym: r.u32(e + 12, f("r_info symbol")),
      addend: r.i64(e + 16, f("r_addend")),
      section: sec,
      entryOffset: e,
    });
  }
  return out;
}
