/**
 * ELF reader on a minimal hand-built RISC-V ELF64 (built here, field by field from the
 * gABI layout) and on corrupted copies of it: every error names the field and offset.
 */
import { describe, expect, test } from "bun:test";
import { FormatError } from "../../errors.ts";
import { transpileElf } from "../index.ts";
import { interpreterBackend } from "../../interpreter/interpreter.ts";
import { standardImage } from "../../program/standard-program.ts";
import { ET_DYN, SHF_ALLOC, SHF_EXECINSTR, SHT_PROGBITS, SHT_STRTAB, SHT_SYMTAB, parseElf } from "./elf-file.ts";
import { STB_GLOBAL, STT_FUNC, findSymbol, readSymbols } from "./symbols.ts";

interface Sec {
  name: string;
  type: number;
  flags: number;
  addr: number;
  data: Uint8Array;
  link?: number;
  entsize?: number;
}

const TEXT_ADDR = 0x1000;
// li a0, 42 (addi a0, zero, 42); ret (jalr zero, 0(ra))
const CODE = Uint8Array.of(0x13, 0x05, 0xa0, 0x02, 0x67, 0x80, 0x00, 0x00);

/** Offsets of the pieces of the built file, for the corruption tests. */
interface Built {
  bytes: Uint8Array;
  shoff: number;
  secOffset: number[];
}

function buildElf(): Built {
  const strtab = new TextEncoder().encode("\0main\0");
  const sym = new Uint8Array(48); // null symbol + main
  const sv = new DataView(sym.buffer);
  sv.setUint32(24, 1, true);
  sym[28] = (STB_GLOBAL << 4) | STT_FUNC;
  sv.setUint16(30, 1, true);
  sv.setBigUint64(32, BigInt(TEXT_ADDR), true);
  sv.setBigUint64(40, 8n, true);
  const names = ["", ".text", ".symtab", ".strtab", ".shstrtab"];
  const shstr = new TextEncoder().encode(names.join("\0") + "\0");
  const nameOff = names.map((_, i) => names.slice(0, i).join("\0").length + (i ? 1 : 0));
  const secs: Sec[] = [
    { name: "", type: 0, flags: 0, addr: 0, data: new Uint8Array(0) },
    { name: ".text", type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, addr: TEXT_ADDR, data: CODE },
    { name: ".symtab", type: SHT_SYMTAB, flags: 0, addr: 0, data: sym, link: 3, entsize: 24 },
    { name: ".strtab", type: SHT_STRTAB, flags: 0, addr: 0, data: strtab },
    { name: ".shstrtab", type: SHT_STRTAB, flags: 0, addr: 0, data: shstr },
  ];
  let off = 64;
  const secOffset = secs.map((s) => {
    off = Math.ceil(off / 8) * 8;
    const o = off;
    off += s.data.length;
    return o;
  });
  const shoff = Math.ceil(off / 8) * 8;
  const bytes = new Uint8Array(shoff + 64 * secs.length);
  const dv = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  dv.setUint16(16, ET_DYN, true);
  dv.setUint16(18, 243, true);
  dv.setUint32(20, 1, true);
  dv.setBigUint64(24, BigInt(TEXT_ADDR), true);
  dv.setBigUint64(40, BigInt(shoff), true);
  dv.setUint32(48, 0x8, true); // RVE
  dv.setUint16(52, 64, true);
  dv.setUint16(58, 64, true);
  dv.setUint16(60, secs.length, true);
  dv.setUint16(62, 4, true);
  secs.forEach((s, i) => {
    bytes.set(s.data, secOffset[i]!);
    const h = shoff + 64 * i;
    dv.setUint32(h, nameOff[i]!, true);
    dv.setUint32(h + 4, s.type, true);
    dv.setBigUint64(h + 8, BigInt(s.flags), true);
    dv.setBigUint64(h + 16, BigInt(s.addr), true);
    dv.setBigUint64(h + 24, BigInt(i ? secOffset[i]! : 0), true);
    dv.setBigUint64(h + 32, BigInt(s.data.length), true);
    dv.setUint32(h + 40, s.link ?? 0, true);
    dv.setBigUint64(h + 48, 4n, true);
    dv.setBigUint64(h + 56, BigInt(s.entsize ?? 0), true);
  });
  return { bytes, shoff, secOffset };
}

function formatError(f: () => unknown): FormatError {
  try {
    f();
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error("expected a FormatError");
}

const corrupt = (edit: (b: Built, dv: DataView) => void): Uint8Array => {
  const b = buildElf();
  const copy = b.bytes.slice();
  edit({ ...b, bytes: copy }, new DataView(copy.buffer));
  return copy;
};

describe("ELF reader", () => {
  test("reads sections and symbols of a well-formed file", () => {
    const elf = parseElf(buildElf().bytes, "mini.elf");
    expect(elf.sections.map((s) => s.name)).toEqual(["", ".text", ".symtab", ".strtab", ".shstrtab"]);
    expect(elf.entry).toBe(TEXT_ADDR);
    const main = findSymbol(readSymbols(elf), "main");
    expect(main).toMatchObject({ value: TEXT_ADDR, size: 8, shndx: 1, bind: STB_GLOBAL, type: STT_FUNC });
  });

  test("the minimal program transpiles and returns 42", () => {
    const r = transpileElf(buildElf().bytes, { file: "mini.elf" });
    const img = standardImage(r.standard);
    const inst = interpreterBackend.instantiate(interpreterBackend.compile(img.code, { profile: "gp-0.7" }), img);
    inst.gas = 100n;
    expect(inst.run().status).toBe("halt");
    expect(inst.getReg(7)).toBe(42n);
    expect(r.stats).toMatchObject({ rvInstructions: 2, pvmInstructions: 2, codeBytes: 5, jumpTableEntries: 0, passes: [] });
  });

  test("malformed files: the error names the file, the field and its offset", () => {
    const b = buildElf();
    const cases: Array<[string, Uint8Array, RegExp, number]> = [
      ["truncated header", b.bytes.slice(0, 40), /mini\.elf: ELF header/, 0],
      ["bad magic", corrupt((c) => (c.bytes[1] = 0x46)), /e_ident magic/, 0],
      ["32-bit class", corrupt((c) => (c.bytes[4] = 1)), /EI_CLASS/, 4],
      ["big-endian", corrupt((c) => (c.bytes[5] = 2)), /EI_DATA/, 5],
      ["not RISC-V", corrupt((_, dv) => dv.setUint16(18, 62, true)), /e_machine.*expected 243/, 18],
      ["core file", corrupt((_, dv) => dv.setUint16(16, 4, true)), /e_type/, 16],
      ["section table past the end", corrupt((c, dv) => dv.setBigUint64(40, BigInt(c.bytes.length - 100), true)), /section header table/, b.bytes.length - 100],
      ["contents past the end", corrupt((c, dv) => dv.setBigUint64(c.shoff + 64 + 32, 1n << 20n, true)), /section header 1: sh_offset\/sh_size/, b.shoff + 64 + 24],
      ["name outside .shstrtab", corrupt((c, dv) => dv.setUint32(c.shoff + 64, 0x4000, true)), /section header 1: sh_name/, b.secOffset[4]! + 0x4000],
      ["symbol table of odd size", corrupt((c, dv) => dv.setBigUint64(c.shoff + 128 + 32, 47n, true)), /\.symtab.*sh_size.*not a multiple of 24/, b.shoff + 128 + 32],
      ["huge sh_addr", corrupt((c, dv) => dv.setBigUint64(c.shoff + 64 + 16, 1n << 60n, true)), /section header 1: sh_addr.*too large/, b.shoff + 64 + 16],
    ];
    for (const [what, bytes, field, off] of cases) {
      const e = formatError(() => parseElf(bytes, "mini.elf") && readSymbols(parseElf(bytes, "mini.elf")));
      expect([what, e.message]).toEqual([what, expect.stringMatching(field)]);
      expect([what, e.message]).toEqual([what, expect.stringContaining("mini.elf: ")]);
      expect([what, e.offset]).toEqual([what, off]);
    }
  });

  test("an untranslatable instruction names its address and mnemonic", () => {
    const bytes = corrupt((b) => b.bytes.set([0x13, 0x85, 0x01, 0x00], b.secOffset[1]!)); // addi a0, gp, 0
    const e = formatError(() => transpileElf(bytes, { file: "mini.elf" }));
    expect(e.message).toContain("instruction at 0x1000 `addi a0, gp, 0`");
    expect(e.message).toContain("register gp (x3) has no PVM register");
    expect(e.offset).toBe(buildElf().secOffset[1]!);
    const c = corrupt((b) => b.bytes.set([0x00, 0x20, 0x01, 0x00], b.secOffset[1]!)); // c.fld fs0, 0(s0); c.nop
    expect(formatError(() => transpileElf(c, { file: "mini.elf" })).message).toMatch(/instruction at 0x1000 \(halfword 0x2000\).*compressed.*floating point/);
  });
});
