/**
 * The code of the input: every executable section decoded as RISC-V instructions (32-bit,
 * and 16-bit compressed ones expanded, riscv/compressed.ts), in old-address order, plus the error helpers that name an instruction by its address
 * and mnemonic.
 */
import { type ElfSection, SHT_NOBITS, sectionBytes } from "./elf/elf-file.ts";
import { classifySection } from "./data-layout.ts";
import type { LinkView } from "./link-view.ts";
import { type RvInstruction, RvDecodeError } from "./riscv/decode.ts";
import { decodeRvAt } from "./riscv/compressed.ts";
import { formatRv } from "./riscv/format.ts";
import { FormatError, type FormatErrorKind } from "../errors.ts";

export interface TextImage {
  view: LinkView;
  /** code sections, by old address */
  sections: ElfSection[];
  /** every instruction, by old address */
  instructions: RvInstruction[];
  /** old address -> index into `instructions` */
  index: Map<number, number>;
  /** old end address of each code section: valid as a return address (of a final call) */
  ends: Set<number>;
}

/**
 * How an old address reads in a message: the address itself for linked files,
 * `section+offset` for object files (whose addresses are synthetic).
 */
export function describeAddress(view: LinkView, addr: number): string {
  if (view.relocatable) {
    for (const s of view.elf.sections) {
      const base = view.sectionAddr[s.index]!;
      if (!Number.isNaN(base) && addr >= base && addr <= base + s.size && s.size > 0) return `${s.name}+0x${(addr - base).toString(16)}`;
    }
  }
  return `0x${addr.toString(16)}`;
}

/** File offset of the byte at old address `addr` (-1 when it has none). */
export function fileOffsetOf(view: LinkView, addr: number): number {
  for (const s of view.elf.sections) {
    const base = view.sectionAddr[s.index]!;
    if (!Number.isNaN(base) && addr >= base && addr < base + s.size) return s.type === SHT_NOBITS ? -1 : s.offset + (addr - base);
  }
  return -1;
}

/** A FormatError naming the instruction (address and text) and its file offset. */
export function instructionError(view: LinkView, ins: RvInstruction, problem: string, kind: FormatErrorKind = "unsupported"): FormatError {
  const text = `\`${formatRv(ins)}\`${ins.size === 2 ? " (compressed)" : ""}`;
  return new FormatError(kind, `${view.elf.file}: instruction at ${describeAddress(view, ins.addr)} ${text}`, fileOffsetOf(view, ins.addr), problem);
}

/** Decodes every code section. Throws FormatError for an encoding the decoder rejects. */
export function decodeText(view: LinkView): TextImage {
  const sections = view.elf.sections
    .filter((s) => classifySection(s) === "code" && s.size > 0)
    .sort((a, b) => view.sectionAddr[a.index]! - view.sectionAddr[b.index]!);
  const instructions: RvInstruction[] = [];
  const index = new Map<number, number>();
  const ends = new Set<number>();
  for (const sec of sections) {
    const base = view.sectionAddr[sec.index]!;
    const bytes = sectionBytes(view.elf, sec);
    if (base % 2 !== 0 || sec.size % 2 !== 0) {
      throw new FormatError("invalid", `${view.elf.file}: section ${sec.name}`, sec.headerOffset, `address 0x${base.toString(16)} / size ${sec.size} is not a multiple of 2, the instruction alignment of RV64C`);
    }
    for (let off = 0; off < bytes.length; ) {
      const addr = base + off;
      let ins: RvInstruction;
      try {
        ins = decodeRvAt(bytes, off, addr);
      } catch (e) {
        if (!(e instanceof RvDecodeError)) throw e;
        const width = (e.word & 3) === 3 ? 8 : 4;
        throw new FormatError("unsupported", `${view.elf.file}: instruction at ${describeAddress(view, addr)} (${width === 4 ? "halfword" : "word"} 0x${e.word.toString(16).padStart(width, "0")})`, sec.offset + off, e.reason);
      }
      index.set(addr, instructions.length);
      instructions.push(ins);
      off += ins.size;
    }
    ends.add(base + sec.size);
  }
  return { view, sections, instructions, index, ends };
}
