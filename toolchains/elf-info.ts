/**
 * Minimal ELF64 little-endian inspection for checking guest builds (header, section
 * headers, symbols). Not the transpiler's ELF reader (that lives in engine/transpiler);
 * this only answers "is this the kind of file the transpiler expects?".
 */

export const EM_RISCV = 243;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const SHT_SYMTAB = 2;
export const SHT_RELA = 4;
export const EF_RISCV_RVC = 0x1;
export const EF_RISCV_RVE = 0x8;

export interface ElfSection {
  name: string;
  type: number;
  flags: bigint;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  entsize: number;
}

export interface ElfSymbol {
  name: string;
  value: bigint;
  size: bigint;
  /** STT_* (low 4 bits of st_info). */
  type: number;
  /** STB_* (high 4 bits of st_info). */
  bind: number;
  shndx: number;
}

export interface ElfInfo {
  type: number;
  machine: number;
  flags: number;
  entry: bigint;
  sections: ElfSection[];
  symbols: ElfSymbol[];
}

function cstr(bytes: Uint8Array, off: number): string {
  let end = off;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(off, end));
}

/** Parses an ELF64 LE file; throws an Error naming the problem when it is not one. */
export function readElfInfo(bytes: Uint8Array): ElfInfo {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new Error("not an ELF file (bad magic)");
  }
  if (bytes[4] !== 2) throw new Error("not a 64-bit ELF file");
  if (bytes[5] !== 1) throw new Error("not a little-endian ELF file");
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = dv.getUint16(16, true);
  const machine = dv.getUint16(18, true);
  const entry = dv.getBigUint64(24, true);
  const shoff = Number(dv.getBigUint64(40, true));
  const flags = dv.getUint32(48, true);
  const shentsize = dv.getUint16(58, true);
  const shnum = dv.getUint16(60, true);
  const shstrndx = dv.getUint16(62, true);
  if (shoff + shnum * shentsize > bytes.length) throw new Error("section header table out of bounds");

  const raw: Omit<ElfSection, "name">[] = [];
  const nameOffs: number[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    nameOffs.push(dv.getUint32(o, true));
    raw.push({
      type: dv.getUint32(o + 4, true),
      flags: dv.getBigUint64(o + 8, true),
      addr: dv.getBigUint64(o + 16, true),
      offset: Number(dv.getBigUint64(o + 24, true)),
      size: Number(dv.getBigUint64(o + 32, true)),
      link: dv.getUint32(o + 40, true),
      info: dv.getUint32(o + 44, true),
      entsize: Number(dv.getBigUint64(o + 56, true)),
    });
  }
  const strtab = raw[shstrndx];
  const sections: ElfSection[] = raw.map((s, i) => ({
    ...s,
    name: strtab ? cstr(bytes, strtab.offset + nameOffs[i]!) : "",
  }));

  const symbols: ElfSymbol[] = [];
  for (const s of sections) {
    if (s.type !== SHT_SYMTAB || s.entsize < 24) continue;
    const names = sections[s.link];
    for (let o = s.offset; o + 24 <= s.offset + s.size; o += s.entsize) {
      const info = bytes[o + 4]!;
      symbols.push({
        name: names ? cstr(bytes, names.offset + dv.getUint32(o, true)) : "",
        type: info & 0xf,
        bind: info >> 4,
        shndx: dv.getUint16(o + 6, true),
        value: dv.getBigUint64(o + 8, true),
        size: dv.getBigUint64(o + 16, true),
      });
    }
  }
  return { type, machine, flags, entry, sections, symbols };
}
