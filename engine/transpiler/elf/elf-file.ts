/**
 * ELF64 little-endian reader for RISC-V objects: file header and section headers with
 * their names (System V gABI, "ELF Header" and "Sections"; RISC-V psABI for e_machine 243
 * and e_flags). Symbols and relocations are in symbols.ts and relocations.ts.
 *
 *   file header (64 bytes)
 *     0  e_ident     16   7f 'E' 'L' 'F', class 2 (ELF64), data 1 (LE), version 1
 *     16 e_type      u16  1 REL, 2 EXEC, 3 DYN
 *     18 e_machine   u16  243 (RISC-V)
 *     24 e_entry     u64
 *     40 e_shoff     u64  section header table
 *     48 e_flags     u32  RVC 0x1, float ABI 0x6, RVE 0x8
 *     58 e_shentsize u16  64 | 60 e_shnum u16 | 62 e_shstrndx u16
 *   section header (64 bytes)
 *     0 sh_name u32 | 4 sh_type u32 | 8 sh_flags u64 | 16 sh_addr u64 | 24 sh_offset u64
 *     32 sh_size u64 | 40 sh_link u32 | 44 sh_info u32 | 48 sh_addralign u64 | 56 sh_entsize u64
 *
 * Every malformed or truncated field is a FormatError naming the file, the field and
 * its byte offset in the file.
 */
import { FormatError } from "../../errors.ts";

export const EM_RISCV = 243;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;

export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_INIT_ARRAY = 14;
export const SHT_FINI_ARRAY = 15;
export const SHT_PREINIT_ARRAY = 16;

export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_TLS = 0x400;

export const EF_RISCV_RVC = 0x1;
export const EF_RISCV_RVE = 0x8;

const EHDR_SIZE = 64;
const SHDR_SIZE = 64;

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  /** sh_flags (the bits above 2^32 are not used by RISC-V and are dropped) */
  flags: number;
  /** sh_addr: virtual address (0 in a relocatable object) */
  addr: number;
  /** sh_offset: file offset of the contents */
  offset: number;
  /** sh_size in bytes */
  size: number;
  link: number;
  info: number;
  /** sh_addralign, at least 1 */
  align: number;
  entsize: number;
  /** file offset of this section's header, for error messages */
  headerOffset: number;
}

export interface ElfFile {
  bytes: Uint8Array;
  /** name used in error messages */
  file: string;
  /** e_type: ET_REL, ET_EXEC or ET_DYN */
  type: number;
  /** e_flags */
  flags: number;
  /** e_entry */
  entry: number;
  sections: ElfSection[];
}

/** Little-endian field reads with bounds checks that name the field. */
export class ElfReader {
  readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(kind: "truncated" | "invalid" | "unsupported", field: string, offset: number, problem: string): never {
    throw new FormatError(kind, `${this.file}: ${field}`, offset, problem);
  }

  need(offset: number, n: number, field: string): void {
    if (offset < 0 || offset + n > this.bytes.length) {
      this.fail("truncated", field, offset, `needs ${n} byte(s), the file has ${Math.max(0, this.bytes.length - offset)} left`);
    }
  }

  u8(offset: number, field: string): number {
    this.need(offset, 1, field);
    return this.bytes[offset]!;
  }

  u16(offset: number, field: string): number {
    this.need(offset, 2, field);
    return this.view.getUint16(offset, true);
  }

  u32(offset: number, field: string): number {
    this.need(offset, 4, field);
    return this.view.getUint32(offset, true);
  }

  /** u64 that must be exact as a JS number (below 2^53). */
  u64(offset: number, field: string): number {
    this.need(offset, 8, field);
    const v = this.view.getBigUint64(offset, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail("unsupported", field, offset, `value 0x${v.toString(16)} is too large (above 2^53)`);
    return Number(v);
  }

  /** i64 that must be exact as a JS number. */
  i64(offset: number, field: string): number {
    this.need(offset, 8, field);
    const v = this.view.getBigInt64(offset, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      this.fail("unsupported", field, offset, `value ${v} is out of the exactly representable range (±2^53)`);
    }
    return Number(v);
  }

  /** NUL-terminated string starting at `offset`, not reading past `end`. */
  cString(offset: number, end: number, field: string): string {
    if (offset >= end) this.fail("invalid", field, offset, `string offset lies outside its string table (ends at ${end})`);
    let e = offset;
    while (e < end && this.bytes[e] !== 0) e++;
    if (e === end) this.fail("invalid", field, offset, "string is not NUL-terminated within its string table");
    return new TextDecoder().decode(this.bytes.subarray(offset, e));
  }
}

function readIdent(r: ElfReader): void {
  r.need(0, EHDR_SIZE, "ELF header");
  const b = r.bytes;
  if (b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46) {
    r.fail("invalid", "ELF header: e_ident magic", 0, `expected 7f 45 4c 46 ("\\x7fELF"), found ${[...b.subarray(0, 4)].map((x) => x.toString(16).padStart(2, "0")).join(" ")}`);
  }
  if (b[4] !== 2) r.fail("unsupported", "ELF header: e_ident EI_CLASS", 4, `is ${b[4]}, only 2 (ELF64) is supported`);
  if (b[5] !== 1) r.fail("unsupported", "ELF header: e_ident EI_DATA", 5, `is ${b[5]}, only 1 (little-endian) is supported`);
  if (b[6] !== 1) r.fail("invalid", "ELF header: e_ident EI_VERSION", 6, `is ${b[6]}, expected 1`);
}

/**
 * Parses the ELF header and section headers of `bytes`.
 * Throws FormatError for a file that is not a little-endian ELF64 RISC-V object, or whose
 * header or section table is truncated or inconsistent.
 */
export function parseElf(bytes: Uint8Array, file = "ELF"): ElfFile {
  const r = new ElfReader(bytes, file);
  readIdent(r);
  const type = r.u16(16, "ELF header: e_type");
  if (type !== ET_REL && type !== ET_EXEC && type !== ET_DYN) {
    r.fail("unsupported", "ELF header: e_type", 16, `is ${type}; expected 1 (REL), 2 (EXEC) or 3 (DYN)`);
  }
  const machine = r.u16(18, "ELF header: e_machine");
  if (machine !== EM_RISCV) r.fail("unsupported", "ELF header: e_machine", 18, `is ${machine}, expected ${EM_RISCV} (RISC-V)`);
  const entry = r.u64(24, "ELF header: e_entry");
  const shoff = r.u64(40, "ELF header: e_shoff");
  const flags = r.u32(48, "ELF header: e_flags");
  const shentsize = r.u16(58, "ELF header: e_shentsize");
  let shnum = r.u16(60, "ELF header: e_shnum");
  let shstrndx = r.u16(62, "ELF header: e_shstrndx");
  if (shoff === 0) r.fail("invalid", "ELF header: e_shoff", 40, "is 0: the file has no section headers (the transpiler needs sections)");
  if (shentsize !== SHDR_SIZE) r.fail("invalid", "ELF header: e_shentsize", 58, `is ${shentsize}, expected ${SHDR_SIZE}`);
  // gABI extended numbering: the real counts live in section header 0.
  if (shnum === 0) shnum = r.u64(shoff + 32, "section header 0: sh_size (extended e_shnum)");
  if (shstrndx === 0xffff) shstrndx = r.u32(shoff + 40, "section header 0: sh_link (extended e_shstrndx)");
  r.need(shoff, shnum * SHDR_SIZE, `section header table (${shnum} entries at e_shoff)`);
  if (shstrndx >= shnum) r.fail("invalid", "ELF header: e_shstrndx", 62, `is ${shstrndx}, but there are only ${shnum} sections`);

  const sections: ElfSection[] = [];
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * SHDR_SIZE;
    const f = (name: string) => `section header ${i}: ${name}`;
    const sec: ElfSection = {
      index: i,
      name: "",
      type: r.u32(h + 4, f("sh_type")),
      flags: Number(r.view.getBigUint64(h + 8, true) & 0xffffffffn),
      addr: r.u64(h + 16, f("sh_addr")),
      offset: r.u64(h + 24, f("sh_offset")),
      size: r.u64(h + 32, f("sh_size")),
      link: r.u32(h + 40, f("sh_link")),
      info: r.u32(h + 44, f("sh_info")),
      align: Math.max(1, r.u64(h + 48, f("sh_addralign"))),
      entsize: r.u64(h + 56, f("sh_entsize")),
      headerOffset: h,
    };
    if (sec.type !== SHT_NOBITS && i !== 0 && sec.offset + sec.size > bytes.length) {
      r.fail("truncated", f("sh_offset/sh_size"), h + 24, `contents [${sec.offset}, ${sec.offset + sec.size}) run past the end of the file (${bytes.length} bytes)`);
    }
    sections.push(sec);
  }
  const strtab = sections[shstrndx]!;
  if (strtab.type !== SHT_STRTAB) r.fail("invalid", "ELF header: e_shstrndx", 62, `section ${shstrndx} is not a string table (type ${strtab.type})`);
  for (const sec of sections) {
    const nameOff = r.u32(sec.headerOffset, `section header ${sec.index}: sh_name`);
    sec.name = r.cString(strtab.offset + nameOff, strtab.offset + strtab.size, `section header ${sec.index}: sh_name`);
  }
  return { bytes, file, type, flags, entry, sections };
}

/** The file contents of a section (empty for SHT_NOBITS). */
export function sectionBytes(elf: ElfFile, sec: ElfSection): Uint8Array {
  if (sec.type === SHT_NOBITS) return new Uint8Array(0);
  return elf.bytes.subarray(sec.offset, sec.offset + sec.size);
}

/** A reader over the same bytes, for modules that read more tables of the file. */
export function elfReader(elf: ElfFile): ElfReader {
  return new ElfReader(elf.bytes, elf.file);
}
