/**
 * What a relocation points at, and its value before and after transpiling.
 *
 *   code   an old code address; its new value is its jump-table address (i+1)·2
 *   data   an old address in (or just past) a loaded data section; its new value is the
 *          same offset from the section's new address
 *   abs    an absolute value (SHN_ABS symbols, undefined weak symbols, no symbol); kept
 */
import { type DataLayout, type PlacedSection, classifySection, newDataAddress } from "./data-layout.ts";
import type { JumpTableBuilder } from "./jump-table.ts";
import { type LinkView, symbolAddress } from "./link-view.ts";
import { SHN_ABS, SHN_UNDEF, STB_WEAK } from "./elf/symbols.ts";
import type { TextImage } from "./text.ts";

export type CodeTarget = { kind: "code"; addr: number };

export type Target =
  | CodeTarget
  | { kind: "data"; placed: PlacedSection; addr: number }
  | { kind: "abs"; value: number };

/** Throws a FormatError that names the referencing site. */
export type Fail = (problem: string) => never;

const hex = (v: number) => `0x${v.toString(16)}`;

export class Resolver {
  constructor(
    readonly view: LinkView,
    readonly layout: DataLayout,
    readonly text: TextImage,
    readonly jt: JumpTableBuilder,
  ) {}

  /** A code target at old address `addr`, which must start an instruction or end a code section. */
  code(addr: number, fail: Fail): CodeTarget {
    if (!this.text.index.has(addr) && !this.text.ends.has(addr)) fail(`code address ${hex(addr)} is not the start of an instruction`);
    return { kind: "code", addr };
  }

  /** Target of symbol `symIndex` plus `addend` (the S + A of the psABI). */
  symbol(symIndex: number, addend: number, fail: Fail): Target {
    if (symIndex === 0) return { kind: "abs", value: addend };
    const sym = this.view.symbols[symIndex];
    if (!sym) return fail(`symbol index ${symIndex} is out of range (the symbol table has ${this.view.symbols.length})`);
    const name = sym.name || `(section symbol ${sym.shndx})`;
    if (sym.shndx === SHN_UNDEF) {
      if (sym.bind === STB_WEAK) return { kind: "abs", value: addend };
      return fail(`refers to undefined symbol ${name}; guests must be linked statically`);
    }
    if (sym.shndx === SHN_ABS) return { kind: "abs", value: sym.value + addend };
    const addr = symbolAddress(this.view, sym)! + addend;
    const sec = this.view.elf.sections[sym.shndx];
    if (!sec) return fail(`symbol ${name} has section index ${sym.shndx}, which does not exist`);
    const cls = classifySection(sec);
    if (cls === "code") return this.code(addr, (p) => fail(`${name}${addend ? `+${addend}` : ""}: ${p}`));
    const placed = this.layout.placed.get(sec.index);
    if (!placed) return fail(`refers to ${name} in section ${sec.name}, which the transpiler does not load`);
    return { kind: "data", placed, addr };
  }

  /** Target of a bare old address (R_RISCV_RELATIVE addends, GOT slots). */
  address(addr: number, fail: Fail): Target {
    if (this.text.index.has(addr)) return { kind: "code", addr };
    let end: PlacedSection | undefined;
    for (const p of this.layout.placed.values()) {
      if (addr >= p.oldAddr && addr < p.oldAddr + p.sec.size) return { kind: "data", placed: p, addr };
      if (addr === p.oldAddr + p.sec.size) end = p;
    }
    if (end) return { kind: "data", placed: end, addr };
    if (this.text.ends.has(addr)) return { kind: "code", addr };
    return fail(`address ${hex(addr)} is in no loaded section`);
  }

  /** The value the input program has for `t` (an old address, or the absolute value). */
  oldValue(t: Target): number {
    return t.kind === "abs" ? t.value : t.addr;
  }

  /** The value the PVM program has for `t`; code targets need the jump table frozen. */
  newValue(t: Target): number {
    switch (t.kind) {
      case "abs":
        return t.value;
      case "code":
        return this.jt.address(t.addr);
      case "data":
        return newDataAddress(t.placed, t.addr);
    }
  }
}
