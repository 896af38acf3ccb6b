/**
 * The generic code blob (GP A.2, deblob):
 *
 *   E(|j|) ⌢ E1(z) ⌢ E(|c|) ⌢ E_z(j) ⌢ c ⌢ E(k)
 *
 *   |j|   number of jump-table entries       (GP natural)
 *   z     bytes per jump-table entry, 0..4    (1 byte)
 *   |c|   code length in bytes                (GP natural)
 *   j     |j| little-endian entries of z bytes each
 *   c     instruction bytes
 *   k     opcode bitmask, ceil(|c|/8) bytes, LSB-first
 */
import { FormatError } from "../errors.ts";
import { packMask, unpackMask } from "./bitmask.ts";
import { encodeNatural, readNatural } from "./natural.ts";
import { ByteReader } from "./reader.ts";

/** Decoded program code: GP's (c, k, j). */
export interface CodeBlob {
  /** instruction bytes c */
  code: Uint8Array;
  /** unpacked opcode bitmask k, one 0/1 byte per code byte */
  mask: Uint8Array;
  /** dynamic jump table j: code offsets */
  jumpTable: Uint32Array;
}

/** Smallest entry size (bytes) that holds every jump-table entry. */
export function jumpEntrySize(jumpTable: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < jumpTable.length; i++) max = Math.max(max, jumpTable[i]!);
  return max < 0x100 ? 1 : max < 0x10000 ? 2 : max < 0x1000000 ? 3 : 4;
}

/** Encodes a code blob in the GP generic format. */
export function encodeCodeBlob(blob: CodeBlob): Uint8Array {
  if (blob.mask.length !== blob.code.length) throw new RangeError("code blob: mask length must equal code length");
  const z = blob.jumpTable.length ? jumpEntrySize(blob.jumpTable) : 0;
  const parts: Uint8Array[] = [encodeNatural(blob.jumpTable.length), Uint8Array.of(z), encodeNatural(blob.code.length)];
  const jt = new Uint8Array(blob.jumpTable.length * z);
  blob.jumpTable.forEach((e, i) => {
    for (let b = 0; b < z; b++) jt[i * z + b] = (e >>> (8 * b)) & 0xff;
  });
  parts.push(jt, blob.code, packMask(blob.mask));
  return concatBytes(parts);
}

/**
 * Decodes a GP generic code blob from `r` (GP A.2). With `exact`, bytes after the blob
 * are an error (deblob requires p to be exactly the encoding).
 * Throws FormatError naming the field and offset.
 */
export function readCodeBlob(r: ByteReader, exact = true): CodeBlob {
  const jumpLen = readNatural(r, "code blob: jump table length", r.remaining);
  const zAt = r.pos;
  const z = r.u8("code blob: jump table entry size");
  if (z > 4) r.fail("code blob: jump table entry size", `is ${z}, must be 0..4`, zAt);
  const codeLen = readNatural(r, "code blob: code length", r.remaining);
  const jumpTable = new Uint32Array(jumpLen);
  r.need(jumpLen * z, "code blob: jump table");
  for (let i = 0; i < jumpLen; i++) jumpTable[i] = r.uint(z, `code blob: jump table entry ${i}`);
  const code = r.bytesOf(codeLen, "code blob: code").slice();
  const packed = r.bytesOf((codeLen + 7) >> 3, "code blob: bitmask");
  if (exact && r.remaining > 0) {
    throw new FormatError("trailing", `${r.context}: code blob`, r.pos, `${r.remaining} unexpected byte(s) after the bitmask`);
  }
  return { code, mask: unpackMask(packed, codeLen), jumpTable };
}

/** Decodes a whole byte array as a GP generic code blob. */
export function decodeCodeBlob(bytes: Uint8Array, context = "code blob"): CodeBlob {
  return readCodeBlob(new ByteReader(bytes, context), true);
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
