import { describe, expect, test } from "bun:test";
import { FormatError } from "../errors.ts";
import { decodeCodeBlob, encodeCodeBlob, type CodeBlob } from "./code-blob.ts";
import { decodeJarBlob, encodeJarBlob, jarImage, type JarBlob } from "./jar-blob.ts";
import { HALT_ADDRESS, STACK_TOP } from "./layout.ts";
import { encodeNatural, readNaturalBig } from "./natural.ts";
import { ByteReader } from "./reader.ts";
import { decodeStandardProgram, encodeStandardProgram, standardImage } from "./standard-program.ts";

const sampleCode = (): CodeBlob => ({
  code: Uint8Array.of(51, 7, 42, 0, 40, 250),
  mask: Uint8Array.of(1, 0, 0, 1, 1, 0),
  jumpTable: Uint32Array.of(3, 4, 300),
});

function expectFormatError(f: () => unknown, field: RegExp): FormatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    expect((e as FormatError).message).toMatch(field);
    return e as FormatError;
  }
  throw new Error("expected a FormatError");
}

describe("GP natural-number codec", () => {
  test("known encodings (GP Appendix C)", () => {
    expect(Array.from(encodeNatural(0))).toEqual([0]);
    expect(Array.from(encodeNatural(127))).toEqual([127]);
    expect(Array.from(encodeNatural(128))).toEqual([0x80, 0x80]);
    expect(Array.from(encodeNatural(0x3fff))).toEqual([0xbf, 0xff]);
    expect(Array.from(encodeNatural(0x4000))).toEqual([0xc0, 0x00, 0x40]);
    expect(encodeNatural((1n << 64n) - 1n)[0]).toBe(255);
  });

  test("round-trips across every length", () => {
    const values = [0n, 1n, 127n, 128n, 16383n, 16384n, 1n << 21n, (1n << 28n) - 1n, 1n << 35n, 1n << 42n, 1n << 49n, (1n << 56n) - 1n, 1n << 56n, (1n << 64n) - 1n];
    for (const v of values) {
      const r = new ByteReader(encodeNatural(v), "t");
      expect(readNaturalBig(r, "x")).toBe(v);
      expect(r.remaining).toBe(0);
    }
  });

  test("truncated input names the field and offset", () => {
    const e = expectFormatError(() => readNaturalBig(new ByteReader(Uint8Array.of(0xc0, 1), "t"), "length"), /t: length at offset 1: needs 2 byte/);
    expect(e.kind).toBe("truncated");
  });
});

describe("code blob", () => {
  test("round-trips", () => {
    const blob = sampleCode();
    const back = decodeCodeBlob(encodeCodeBlob(blob));
    expect(back.code).toEqual(blob.code);
    expect(back.mask).toEqual(blob.mask);
    expect(Array.from(back.jumpTable)).toEqual([3, 4, 300]);
  });

  test("every truncation is a FormatError, never a RangeError", () => {
    const bytes = encodeCodeBlob(sampleCode());
    for (let n = 0; n < bytes.length; n++) expectFormatError(() => decodeCodeBlob(bytes.subarray(0, n)), /code blob/);
  });

  test("trailing bytes and bad entry size are rejected", () => {
    const bytes = encodeCodeBlob(sampleCode());
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expectFormatError(() => decodeCodeBlob(longer), /unexpected byte/);
    const bad = bytes.slice();
    bad[1] = 9;
    expectFormatError(() => decodeCodeBlob(bad), /entry size at offset 1: is 9/);
  });

  test("a huge declared length fails fast instead of allocating", () => {
    expectFormatError(() => decodeCodeBlob(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)), /exceeds the limit/);
  });
});

describe("GP standard program", () => {
  const prog = { ro: Uint8Array.of(1, 2, 3), rw: Uint8Array.of(9), extraPages: 2, stackSize: 8192, code: sampleCode() };

  test("round-trips and initialises per GP A.42-A.43", () => {
    const back = decodeStandardProgram(encodeStandardProgram(prog));
    expect(back.ro).toEqual(prog.ro);
    expect(back.rw).toEqual(prog.rw);
    expect(back.extraPages).toBe(2);
    expect(back.stackSize).toBe(8192);
    const img = standardImage(back, Uint8Array.of(5, 6));
    expect(img.regs[0]).toBe(BigInt(HALT_ADDRESS));
    expect(img.regs[1]).toBe(BigInt(STACK_TOP));
    expect(img.regs[8]).toBe(2n);
    const rw = img.regions.find((r) => r.name === "rw")!;
    expect(rw.address).toBe(0x30000); // 2 Z_Z + Z(3)
    expect(rw.length).toBe(3 * 4096); // P(1) + 2 pages
    expect(img.regions.find((r) => r.name === "stack")!.address).toBe(STACK_TOP - 8192);
  });

  test("truncations and length mismatches are FormatErrors", () => {
    const bytes = encodeStandardProgram(prog);
    for (let n = 0; n < bytes.length; n++) expectFormatError(() => decodeStandardProgram(bytes.subarray(0, n)), /standard program/);
  });
});

describe("JAR v2 blob", () => {
  const blob: JarBlob = {
    memoryPages: 16,
    invokeCap: 64,
    caps: [
      { index: 64, type: "code", code: sampleCode() },
      { index: 65, type: "data", basePage: 0xfe00, pageCount: 4, writable: true, data: new Uint8Array() },
      { index: 66, type: "data", basePage: 0x10, pageCount: 1, writable: false, data: Uint8Array.of(7, 7) },
    ],
  };

  test("round-trips and maps caps", () => {
    const bytes = encodeJarBlob(blob);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x4a, 0x41, 0x52, 0x02]);
    const back = decodeJarBlob(bytes);
    expect(back.memoryPages).toBe(16);
    expect(back.caps.length).toBe(3);
    const code = back.caps[0]!;
    expect(code.type === "code" && Array.from(code.code.jumpTable)).toEqual([3, 4, 300]);
    const img = jarImage(back);
    expect(img.regs[1]).toBe(BigInt((0xfe00 + 4) * 4096));
    expect(img.regions.find((r) => r.name === "cap 66")!.data).toEqual(Uint8Array.of(7, 7));
  });

  test("every truncation is a FormatError naming a field", () => {
    const bytes = encodeJarBlob(blob);
    for (let n = 0; n < bytes.length; n++) expectFormatError(() => decodeJarBlob(bytes.subarray(0, n)), /JAR v2 blob/);
  });

  test("bad magic, bad cap type, bad invoke cap", () => {
    const bytes = encodeJarBlob(blob);
    const m = bytes.slice();
    m[3] = 1;
    expectFormatError(() => decodeJarBlob(m), /magic at offset 0/);
    const t = bytes.slice();
    t[10 + 1] = 7;
    expectFormatError(() => decodeJarBlob(t), /cap entry 0: cap_type at offset 11: is 7/);
    const inv = bytes.slice();
    inv[9] = 65;
    expectFormatError(() => decodeJarBlob(inv), /invoke_cap at offset 9: slot 65 is not a CODE cap/);
  });
});
