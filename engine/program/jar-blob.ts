/**
 * The JAR v2 capability blob (ARCHITECTURE.md, "JAR v2 blob"; seed 000). Little-endian.
 *
 *   header (10 bytes)
 *     0  magic        u32  "JAR\x02"
 *     4  memory_pages u32  UNTYPED page budget
 *     8  cap_count    u8
 *     9  invoke_cap   u8   slot of the CODE cap run first
 *   cap_count entries (19 bytes each)
 *     0  cap_index u8 | 1 cap_type u8 (0 CODE, 1 DATA) | 2 base_page u32 | 6 page_count u32
 *     10 init_access u8 (0 RO, 1 RW) | 11 data_offset u32 | 15 data_len u32
 *   data section: everything after the entries (data_offset is relative to its start)
 *
 *   CODE sub-blob: jump_len u32 | entry_size u8 (1..4) | code_len u32
 *                  | jump table (jump_len * entry_size) | code | bitmask ceil(code_len/8)
 *
 * Standard slots (seed 000): 64 CODE, 65 STACK, 66 RO, 67 RW, 68 HEAP, 254 UNTYPED, 255 IPC.
 */
import { FormatError } from "../errors.ts";
import { unpackMask, packMask } from "./bitmask.ts";
import { type CodeBlob, concatBytes, jumpEntrySize } from "./code-blob.ts";
import type { MemoryRegion, ProgramImage } from "./image.ts";
import { HALT_ADDRESS, PAGE_SIZE } from "./layout.ts";
import { ByteReader } from "./reader.ts";

export const JAR_MAGIC = Uint8Array.of(0x4a, 0x41, 0x52, 0x02); // "JAR\x02"
export const CAP_CODE = 64;
export const CAP_STACK = 65;
export const CAP_RO = 66;
export const CAP_RW = 67;
export const CAP_HEAP = 68;
export const CAP_UNTYPED = 254;
export const CAP_IPC = 255;

const HEADER = 10;
const ENTRY = 19;

export type JarCap =
  | { index: number; type: "code"; code: CodeBlob }
  | { index: number; type: "data"; basePage: number; pageCount: number; writable: boolean; data: Uint8Array };

export interface JarBlob {
  memoryPages: number;
  invokeCap: number;
  caps: JarCap[];
}

function u32le(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

/** Encodes a CODE sub-blob. */
export function encodeJarCode(c: CodeBlob): Uint8Array {
  const z = jumpEntrySize(c.jumpTable);
  const jt = new Uint8Array(c.jumpTable.length * z);
  c.jumpTable.forEach((e, i) => {
    for (let b = 0; b < z; b++) jt[i * z + b] = (e >>> (8 * b)) & 0xff;
  });
  return concatBytes([u32le(c.jumpTable.length), Uint8Array.of(z), u32le(c.code.length), jt, c.code, packMask(c.mask)]);
}

/** Encodes a JAR v2 blob. Throws RangeError on out-of-range fields. */
export function encodeJarBlob(blob: JarBlob): Uint8Array {
  if (blob.caps.length > 255) throw new RangeError("JAR v2: more than 255 caps");
  const datas = blob.caps.map((c) => (c.type === "code" ? encodeJarCode(c.code) : c.data));
  const header = new Uint8Array(HEADER + ENTRY * blob.caps.length);
  header.set(JAR_MAGIC, 0);
  const dv = new DataView(header.buffer);
  dv.setUint32(4, blob.memoryPages, true);
  header[8] = blob.caps.length;
  header[9] = blob.invokeCap;
  let off = 0;
  blob.caps.forEach((c, i) => {
    const e = HEADER + ENTRY * i;
    header[e] = c.index;
    header[e + 1] = c.type === "code" ? 0 : 1;
    if (c.type === "data") {
      dv.setUint32(e + 2, c.basePage, true);
      dv.setUint32(e + 6, c.pageCount, true);
      header[e + 10] = c.writable ? 1 : 0;
    }
    dv.setUint32(e + 11, off, true);
    dv.setUint32(e + 15, datas[i]!.length, true);
    off += datas[i]!.length;
  });
  return concatBytes([header, ...datas]);
}

function readJarCode(bytes: Uint8Array, context: string, base: number): CodeBlob {
  const r = new ByteReader(bytes, context);
  const fail = (field: string, at: number, problem: string): never => {
    throw new FormatError("invalid", `${context}: ${field}`, base + at, problem);
  };
  const need = (n: number, field: string) => {
    if (r.remaining < n) throw new FormatError("truncated", `${context}: ${field}`, base + r.pos, `needs ${n} byte(s), only ${r.remaining} left`);
  };
  need(4, "jump_len");
  const jumpLen = r.u32("jump_len");
  need(1, "entry_size");
  const z = r.u8("entry_size");
  if (z < 1 || z > 4) fail("entry_size", r.pos - 1, `is ${z}, must be 1..4`);
  need(4, "code_len");
  const codeLen = r.u32("code_len");
  need(jumpLen * z, "jump table");
  const jumpTable = new Uint32Array(jumpLen);
  for (let i = 0; i < jumpLen; i++) jumpTable[i] = r.uint(z, `jump table entry ${i}`);
  need(codeLen, "code");
  const code = r.bytesOf(codeLen, "code").slice();
  const maskLen = (codeLen + 7) >> 3;
  need(maskLen, "bitmask");
  const mask = unpackMask(r.bytesOf(maskLen, "bitmask"), codeLen);
  if (r.remaining) fail("CODE sub-blob", r.pos, `${r.remaining} unexpected byte(s) after the bitmask`);
  return { code, mask, jumpTable };
}

/** Decodes a JAR v2 blob; throws FormatError naming the field and byte offset. */
export function decodeJarBlob(bytes: Uint8Array, context = "JAR v2 blob"): JarBlob {
  const r = new ByteReader(bytes, context);
  const magic = r.bytesOf(4, "magic");
  if (!magic.every((b, i) => b === JAR_MAGIC[i])) r.fail("magic", `expected "JAR\\x02", found ${[...magic].map((b) => b.toString(16).padStart(2, "0")).join(" ")}`, 0);
  const memoryPages = r.u32("memory_pages");
  const capCount = r.u8("cap_count");
  const invokeCap = r.u8("invoke_cap");
  r.need(capCount * ENTRY, `${capCount} cap entries`);
  const dataStart = HEADER + capCount * ENTRY;
  const dataLen = bytes.length - dataStart;
  const caps: JarCap[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < capCount; i++) {
    const e = r.pos;
    const field = (f: string) => `cap entry ${i}: ${f}`;
    const index = r.u8(field("cap_index"));
    if (seen.has(index)) r.fail(field("cap_index"), `slot ${index} appears twice`, e);
    seen.add(index);
    const type = r.u8(field("cap_type"));
    if (type > 1) r.fail(field("cap_type"), `is ${type}, must be 0 (CODE) or 1 (DATA)`, e + 1);
    const basePage = r.u32(field("base_page"));
    const pageCount = r.u32(field("page_count"));
    const access = r.u8(field("init_access"));
    if (access > 1) r.fail(field("init_access"), `is ${access}, must be 0 (RO) or 1 (RW)`, e + 10);
    const off = r.u32(field("data_offset"));
    const len = r.u32(field("data_len"));
    if (off + len > dataLen) {
      r.fail(field("data_offset/data_len"), `data [${off}, ${off + len}) runs past the data section (${dataLen} bytes)`, e + 11);
    }
    const data = bytes.subarray(dataStart + off, dataStart + off + len);
    if (type === 0) {
      caps.push({ index, type: "code", code: readJarCode(data, `${context}: cap ${index} CODE`, dataStart + off) });
    } else {
      if (basePage + pageCount > 2 ** 20) r.fail(field("base_page/page_count"), `pages [${basePage}, ${basePage + pageCount}) exceed the 4 GiB address space`, e + 2);
      if (len > pageCount * PAGE_SIZE) r.fail(field("data_len"), `${len} bytes do not fit ${pageCount} page(s)`, e + 15);
      caps.push({ index, type: "data", basePage, pageCount, writable: access === 1, data: data.slice() });
    }
  }
  const invoked = caps.find((c) => c.index === invokeCap);
  if (!invoked || invoked.type !== "code") r.fail("invoke_cap", `slot ${invokeCap} is not a CODE cap`, 9);
  return { memoryPages, invokeCap, caps };
}

/**
 * Initial state for running a JAR v2 blob on a bare backend (no kernel): the invoke
 * cap's code, every DATA cap mapped at its base page, φ1 = top of the STACK cap, and
 * φ0 = the halt address so that the entry function's return halts. The capability
 * kernel (a later issue) replaces this with real cap tables.
 */
export function jarImage(blob: JarBlob): ProgramImage {
  const code = blob.caps.find((c) => c.index === blob.invokeCap);
  if (!code || code.type !== "code") throw new FormatError("invalid", "JAR v2 blob: invoke_cap", 9, "not a CODE cap");
  const regions: MemoryRegion[] = [];
  let heapStart = 0;
  const regs = new Array<bigint>(13).fill(0n);
  regs[0] = BigInt(HALT_ADDRESS);
  for (const c of blob.caps) {
    if (c.type !== "data" || c.pageCount === 0) continue;
    const address = c.basePage * PAGE_SIZE;
    const length = c.pageCount * PAGE_SIZE;
    regions.push({ name: `cap ${c.index}`, address, length, writable: c.writable, data: c.data });
    if (c.index === CAP_STACK) regs[1] = BigInt(address + length);
    if (c.index === CAP_RW || c.index === CAP_HEAP) heapStart = Math.max(heapStart, address + length);
  }
  return { code: code.code, regs, pc: 0, regions, heapStart };
}
