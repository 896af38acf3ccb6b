/**
 * ELF64 symbol table (gABI "Symbol Table"): the entries of the SHT_SYMTAB section.
 *
 *   entry (24 bytes): 0 st_name u32 | 4 st_info u8 (bind << 4 | type) | 5 st_other u8
 *                     | 6 st_shndx u16 | 8 st_value u64 | 16 st_size u64
 */
import { type ElfFile, type ElfReader, SHT_STRTAB, SHT_SYMTAB, elfReader } from "./elf-file.ts";

export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;

export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;

const SYM_SIZE = 24;

export interface ElfSymbol {
  index: number;
  name: string;
  /** st_value: an address in DYN/EXEC files, an offset into its section in REL files */
  value: number;
  size: number;
  bind: number;
  type: number;
  /** st_shndx: a section index, SHN_UNDEF, SHN_ABS or SHN_COMMON */
  shndx: number;
  /** file offset of the entry, for error messages */
  entryOffset: number;
}

/**
 * Reads the (first) SHT_SYMTAB section; an empty list when the file has none (a stripped
 * file). Throws FormatError for a truncated table or a bad name offset.
 */
export function readSymbols(elf: ElfFile): ElfSymbol[] {
  const tab = elf.sections.find((s) => s.type === SHT_SYMTAB);
  if (!tab) return [];
  const r: ElfReader = elfReader(elf);
  const field = (i: number, f: string) => `${tab.name} entry ${i}: ${f}`;
  const strtab = elf.sections[tab.link];
  if (!strtab || strtab.type !== SHT_STRTAB) {
    r.fail("invalid", `section header ${tab.index} (${tab.name}): sh_link`, tab.headerOffset + 40, `is ${tab.link}, not a string table`);
  }
  if (tab.size % SYM_SIZE !== 0) {
    r.fail("invalid", `section header ${tab.index} (${tab.name}): sh_size`, tab.headerOffset + 32, `is ${tab.size}, not a multiple of ${SYM_SIZE}`);
  }
  const out: ElfSymbol[] = [];
  for (let i = 0; i < tab.size / SYM_SIZE; i++) {
    const e = tab.offset + i * SYM_SIZE;
    const nameOff = r.u32(e, field(i, "st_name"));
    const info = r.u8(e + 4, field(i, "st_info"));
    const shndx = r.u16(e + 6, field(i, "st_shndx"));
    if (shndx === SHN_XINDEX) r.fail("unsupported", field(i, "st_shndx"), e + 6, "SHN_XINDEX (extended section indices) is not supported");
    out.push({
      index: i,
      name: nameOff === 0 ? "" : r.cString(strtab.offset + nameOff, strtab.offset + strtab.size, field(i, "st_name")),
      value: r.u64(e + 8, field(i, "st_value")),
      size: r.u64(e + 16, field(i, "st_size")),
      bind: info >> 4,
      type: info & 15,
      shndx,
      entryOffset: e,
    });
  }
  return out;
}

/**
 * The symbol called `name`: a global or weak definition if there is one, else a local one.
 * Undefined when no defined symbol has that name.
 */
export function findSymbol(symbols: readonly ElfSymbol[], name: string): ElfSymbol | undefined {
  const defined = symbols.filter((s) => s.name === name && s.shndx !== SHN_UNDEF);
  return defined.find((s) => s.bind !== STB_LOCAL) ?? defined[0];
}
