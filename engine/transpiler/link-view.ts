/**
 * One address space for both kinds of input ELF.
 *
 * - DYN/EXEC (a PIE linked with `--emit-relocs --no-relax`): section addresses, symbol
 *   values and relocation offsets are virtual addresses already. Relocations come from
 *   the non-alloc `.rela.<section>` tables kept by --emit-relocs (static) and from the
 *   alloc `.rela.dyn` (dynamic: R_RISCV_RELATIVE for pointers the static tables do not
 *   cover, such as GOT slots).
 * - REL (an object file): sections all start at 0, so every alloc section gets a
 *   synthetic address (in section-header order, aligned, from 0x1000), and symbol
 *   values and r_offsets, which are section-relative, are rebased onto it.
 *
 * After this, an "old address" means the same thing for both: the address of a byte of
 * the input program. The transpiler maps old addresses to PVM addresses (data) or
 * jump-table addresses (code).
 */
import { type ElfFile, type ElfSection, ET_REL, SHF_ALLOC, SHT_RELA, SHT_REL } from "./elf/elf-file.ts";
import { type ElfRela, readRela } from "./elf/relocations.ts";
import { type ElfSymbol, SHN_ABS, SHN_COMMON, SHN_UNDEF, readSymbols } from "./elf/symbols.ts";
import { FormatError } from "../errors.ts";

/** A relocation with its location as an old address. */
export interface Reloc extends ElfRela {
  /** old address of the relocated location */
  at: number;
  /** index of the section holding the location (-1: none of the alloc sections) */
  target: number;
  /** from an alloc (dynamic) relocation table such as .rela.dyn */
  dynamic: boolean;
}

export interface LinkView {
  elf: ElfFile;
  relocatable: boolean;
  /** old address of each section by index; NaN for sections that are not alloc */
  sectionAddr: number[];
  symbols: ElfSymbol[];
  relocs: Reloc[];
}

const REL_BASE = 0x1000;
const alignUp = (v: number, a: number) => Math.ceil(v / a) * a;

/** The alloc section whose old address range holds `addr` (start ≤ addr < end), if any. */
export function sectionAt(view: LinkView, addr: number): ElfSection | undefined {
  return view.elf.sections.find((s) => {
    const base = view.sectionAddr[s.index]!;
    return !Number.isNaN(base) && s.size > 0 && addr >= base && addr < base + s.size;
  });
}

/**
 * Old address of a defined symbol (value + section base in REL files).
 * Undefined for SHN_UNDEF; throws FormatError for SHN_COMMON.
 */
export function symbolAddress(view: LinkView, sym: ElfSymbol): number | undefined {
  if (sym.shndx === SHN_UNDEF) return undefined;
  if (sym.shndx === SHN_ABS) return sym.value;
  if (sym.shndx === SHN_COMMON) {
    throw new FormatError("unsupported", `${view.elf.file}: symbol ${sym.name}`, sym.entryOffset, "is a COMMON symbol; compile with -fno-common");
  }
  if (!view.relocatable) return sym.value;
  const base = view.sectionAddr[sym.shndx];
  if (base === undefined || Number.isNaN(base)) {
    throw new FormatError("invalid", `${view.elf.file}: symbol ${sym.name}: st_shndx`, sym.entryOffset + 6, `section ${sym.shndx} is not an alloc section`);
  }
  return base + sym.value;
}

/** Builds the link view of a parsed ELF file. Throws FormatError for REL-type tables. */
export function linkView(elf: ElfFile): LinkView {
  const relocatable = elf.type === ET_REL;
  const sectionAddr = elf.sections.map((s) => ((s.flags & SHF_ALLOC) !== 0 ? s.addr : NaN));
  if (relocatable) {
    let cursor = REL_BASE;
    for (const s of elf.sections) {
      if ((s.flags & SHF_ALLOC) === 0) continue;
      cursor = alignUp(cursor, s.align);
      sectionAddr[s.index] = cursor;
      cursor += s.size;
    }
  }
  const view: LinkView = { elf, relocatable, sectionAddr, symbols: readSymbols(elf), relocs: [] };
  for (const sec of elf.sections) {
    if (sec.type === SHT_REL) {
      const target = elf.sections[sec.info];
      if (target && (target.flags & SHF_ALLOC) !== 0) {
        throw new FormatError("unsupported", `${elf.file}: section ${sec.name}`, sec.headerOffset, "SHT_REL relocations are not used by RISC-V; only SHT_RELA is supported");
      }
      continue;
    }
    if (sec.type !== SHT_RELA) continue;
    const dynamic = (sec.flags & SHF_ALLOC) !== 0;
    if (!dynamic) {
      const target = elf.sections[sec.info];
      // Relocations of debug and other non-loaded sections do not matter to the program.
      if (!target || (target.flags & SHF_ALLOC) === 0) continue;
    }
    for (const r of readRela(elf, sec)) {
      if (dynamic) {
        const at = r.offset;
        view.relocs.push({ ...r, at, target: sectionAt(view, at)?.index ?? -1, dynamic });
      } else {
        const at = relocatable ? sectionAddr[sec.info]! + r.offset : r.offset;
        view.relocs.push({ ...r, at, target: sec.info, dynamic });
      }
    }
  }
  return view;
}
