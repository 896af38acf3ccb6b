/**
 * The GP standard program blob (GP A.7, eq. A.37–A.43):
 *
 *   E3(|o|) ⌢ E3(|w|) ⌢ E2(z) ⌢ E3(s) ⌢ o ⌢ w ⌢ E4(|c|) ⌢ c
 *
 *   |o| RO data length, |w| RW data length, z extra zero pages after w (heap),
 *   s stack size in bytes, c a generic code blob (code-blob.ts).
 */
import { FormatError } from "../errors.ts";
import { type CodeBlob, concatBytes, encodeCodeBlob, readCodeBlob } from "./code-blob.ts";
import type { ProgramImage } from "./image.ts";
import {
  ADDRESS_SPACE, ARGS_START, HALT_ADDRESS, INPUT_SIZE, PAGE_SIZE, RO_START, STACK_TOP, ZONE_SIZE,
  pageAlign, rwStart, zoneAlign,
} from "./layout.ts";
import { ByteReader } from "./reader.ts";

export interface StandardProgram {
  ro: Uint8Array;
  rw: Uint8Array;
  /** z: zero pages after RW data */
  extraPages: number;
  /** s: stack size in bytes */
  stackSize: number;
  code: CodeBlob;
}

function le(v: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(v / 256 ** i) & 0xff;
  return out;
}

/** Encodes a GP standard program blob. Throws RangeError when a field does not fit. */
export function encodeStandardProgram(p: StandardProgram): Uint8Array {
  const code = encodeCodeBlob(p.code);
  const fits = (v: number, n: number, what: string) => {
    if (v < 0 || v >= 256 ** n) throw new RangeError(`standard program: ${what} ${v} does not fit ${n} bytes`);
  };
  fits(p.ro.length, 3, "RO length");
  fits(p.rw.length, 3, "RW length");
  fits(p.extraPages, 2, "extra pages");
  fits(p.stackSize, 3, "stack size");
  return concatBytes([
    le(p.ro.length, 3), le(p.rw.length, 3), le(p.extraPages, 2), le(p.stackSize, 3),
    p.ro, p.rw, le(code.length, 4), code,
  ]);
}

/** Decodes a GP standard program blob; throws FormatError with field and offset. */
export function decodeStandardProgram(bytes: Uint8Array, context = "standard program"): StandardProgram {
  const r = new ByteReader(bytes, context);
  const roLen = r.uint(3, "RO data length |o|");
  const rwLen = r.uint(3, "RW data length |w|");
  const extraPages = r.uint(2, "extra heap pages z");
  const stackSize = r.uint(3, "stack size s");
  const ro = r.bytesOf(roLen, "RO data o").slice();
  const rw = r.bytesOf(rwLen, "RW data w").slice();
  const codeLenAt = r.pos;
  const codeLen = r.u32("code blob length |c|");
  if (codeLen !== r.remaining) {
    throw new FormatError("invalid", `${context}: code blob length |c|`, codeLenAt, `says ${codeLen} byte(s), ${r.remaining} follow`);
  }
  const code = readCodeBlob(r, true);
  // GP A.41: the layout must fit in the 32-bit address space.
  const total = 5 * ZONE_SIZE + zoneAlign(roLen) + zoneAlign(rwLen + extraPages * PAGE_SIZE) + zoneAlign(stackSize) + INPUT_SIZE;
  if (total > ADDRESS_SPACE) {
    throw new FormatError("invalid", `${context}: layout`, 0, `sections need ${total} bytes of address space (GP A.41 allows 2^32)`);
  }
  return { ro, rw, extraPages, stackSize, code };
}

/**
 * The initial state Y(p, a) of GP A.42–A.43 for a decoded standard program and
 * argument data `args` (at most Z_I bytes).
 */
export function standardImage(p: StandardProgram, args: Uint8Array = new Uint8Array()): ProgramImage {
  const rw0 = rwStart(p.ro.length);
  const rwLen = pageAlign(p.rw.length) + p.extraPages * PAGE_SIZE;
  const regs = new Array<bigint>(13).fill(0n);
  regs[0] = BigInt(HALT_ADDRESS);
  regs[1] = BigInt(STACK_TOP);
  regs[7] = BigInt(ARGS_START);
  regs[8] = BigInt(args.length);
  const regions: ProgramImage["regions"] = [];
  if (p.ro.length) regions.push({ name: "ro", address: RO_START, length: pageAlign(p.ro.length), writable: false, data: p.ro });
  if (rwLen) regions.push({ name: "rw", address: rw0, length: rwLen, writable: true, data: p.rw });
  const stack = pageAlign(p.stackSize);
  if (stack) regions.push({ name: "stack", address: STACK_TOP - stack, length: stack, writable: true });
  if (args.length) regions.push({ name: "args", address: ARGS_START, length: pageAlign(args.length), writable: false, data: args });
  return { code: p.code, regs, pc: 0, regions, heapStart: rw0 + rwLen };
}
