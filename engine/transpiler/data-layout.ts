/**
 * Where the input's sections go in the PVM address space (GP A.7, engine/program/layout.ts):
 *
 *   0x10000 (Z_Z) ....... RO: alloc, non-writable data (.rodata, .srodata, ...), in
 *                         address order, each at its alignment
 *   rwStart(|ro|) ....... RW: writable PROGBITS (.data, .sdata, .data.rel.ro, .got, ...)
 *   ..................... BSS: writable NOBITS (.bss, .sbss), right after RW; in the GP
 *                         standard program these are (part of) the zero pages z
 *
 * Within each region sections go in address order, or with `order: "size"` (the layout
 * pass) smallest first: scalars and small tables, which most code touches, share the
 * first pages and large arrays follow, so a run touches fewer distinct pages. The size
 * order is kept only when the whole data image spans no more pages than in address
 * order.
 *
 * Not loaded: non-alloc sections, the dynamic-linking tables (.dynsym, .dynamic, .hash,
 * .rela.dyn, ...), .relro_padding, and the unwind tables .eh_frame/.eh_frame_hdr (guests
 * abort on panic and nothing reads them). A reference to any of them is an error where
 * it is found. Thread-local storage is rejected here.
 */
import { type ElfSection, SHF_ALLOC, SHF_EXECINSTR, SHF_TLS, SHF_WRITE, SHT_FINI_ARRAY, SHT_INIT_ARRAY, SHT_NOBITS, SHT_PREINIT_ARRAY, SHT_PROGBITS, sectionBytes } from "./elf/elf-file.ts";
import type { LinkView } from "./link-view.ts";
import { FormatError } from "../errors.ts";
import { PAGE_SIZE, RO_START, rwStart } from "../program/layout.ts";

export type SectionClass = "code" | "ro" | "rw" | "bss" | "skip";

const DATA_TYPES = new Set([SHT_PROGBITS, SHT_INIT_ARRAY, SHT_FINI_ARRAY, SHT_PREINIT_ARRAY]);
const UNWIND = new Set([".eh_frame", ".eh_frame_hdr"]);

/** Which part of the PVM image a section belongs to. */
export function classifySection(sec: ElfSection): SectionClass {
  if ((sec.flags & SHF_ALLOC) === 0 || (sec.flags & SHF_TLS) !== 0) return "skip";
  if ((sec.flags & SHF_EXECINSTR) !== 0) return "code";
  if (UNWIND.has(sec.name) || sec.name === ".relro_padding") return "skip";
  const writable = (sec.flags & SHF_WRITE) !== 0;
  if (sec.type === SHT_NOBITS) return writable ? "bss" : "ro";
  if (DATA_TYPES.has(sec.type)) return writable ? "rw" : "ro";
  return "skip";
}

/** A loaded data section: its old and new address. */
export interface PlacedSection {
  sec: ElfSection;
  region: "ro" | "rw" | "bss";
  oldAddr: number;
  newAddr: number;
}

export interface DataLayout {
  /** RO data o, from RO_START */
  ro: Uint8Array;
  /** RW data w (initialised part), from rwStart */
  rw: Uint8Array;
  /** rwStart(|o|) */
  rwStart: number;
  /** first address past the last BSS byte (>= rwStart + |w|) */
  bssEnd: number;
  /** loaded data sections by section index */
  placed: Map<number, PlacedSection>;
}

const alignUp = (v: number, a: number) => Math.ceil(v / a) * a;

export type DataOrder = "address" | "size";

/** Pages (4 KiB) the RO region and the RW+BSS region span. */
export function dataPages(layout: DataLayout): { ro: number; rw: number } {
  return { ro: Math.ceil(layout.ro.length / PAGE_SIZE), rw: Math.ceil((layout.bssEnd - layout.rwStart) / PAGE_SIZE) };
}

/**
 * Places every loaded data section and copies its bytes (relocations are applied later,
 * by data-relocs.ts). Throws FormatError for TLS sections.
 */
export function layoutData(view: LinkView, order: DataOrder = "address"): DataLayout {
  if (order === "size") {
    const bySize = placeData(view, "size");
    const byAddress = placeData(view, "address");
    const pages = (l: DataLayout) => dataPages(l).ro + dataPages(l).rw;
    return pages(bySize) <= pages(byAddress) ? bySize : byAddress;
  }
  return placeData(view, "address");
}

function placeData(view: LinkView, order: DataOrder): DataLayout {
  const file = view.elf.file;
  const addr = (s: ElfSection) => view.sectionAddr[s.index]!;
  const byClass = (c: SectionClass) =>
    view.elf.sections
      .filter((s) => classifySection(s) === c)
      .sort((a, b) => (order === "size" ? a.size - b.size : 0) || addr(a) - addr(b));
  for (const s of view.elf.sections) {
    if ((s.flags & SHF_ALLOC) !== 0 && (s.flags & SHF_TLS) !== 0 && s.size > 0) {
      throw new FormatError("unsupported", `${file}: section ${s.name}`, s.headerOffset, "thread-local storage is not supported");
    }
  }
  const placed = new Map<number, PlacedSection>();
  const place = (secs: ElfSection[], region: PlacedSection["region"], start: number): number => {
    let cursor = start;
    for (const sec of secs) {
      cursor = alignUp(cursor, sec.align);
      placed.set(sec.index, { sec, region, oldAddr: view.sectionAddr[sec.index]!, newAddr: cursor });
      cursor += sec.size;
    }
    return cursor;
  };
  const copy = (into: Uint8Array, base: number) => {
    for (const p of placed.values()) {
      if (p.newAddr >= base && p.newAddr < base + into.length) into.set(sectionBytes(view.elf, p.sec), p.newAddr - base);
    }
  };
  const roEnd = place(byClass("ro"), "ro", RO_START);
  const ro = new Uint8Array(roEnd - RO_START);
  copy(ro, RO_START);
  const rw0 = rwStart(ro.length);
  const rwEnd = place(byClass("rw"), "rw", rw0);
  const rw = new Uint8Array(rwEnd - rw0);
  copy(rw, rw0);
  const bssEnd = place(byClass("bss"), "bss", rwEnd);
  return { ro, rw, rwStart: rw0, bssEnd, placed };
}

/** The new address of old address `addr` inside (or just past) placed section `p`. */
export function newDataAddress(p: PlacedSection, addr: number): number {
  return p.newAddr + (addr - p.oldAddr);
}
