/**
 * The Gray Paper's general natural-number codec E (GP Appendix C, "general natural
 * number serialization"): values below 2^64 in 1..9 bytes; the count of leading one bits
 * of the first byte gives the number of little-endian bytes that follow.
 */
import { ByteReader } from "./reader.ts";

/** E(x) for 0 <= x < 2^64. Throws RangeError for anything else. */
export function encodeNatural(x: bigint | number): Uint8Array {
  const v = BigInt(x);
  if (v < 0n || v >= 1n << 64n) throw new RangeError(`natural ${v} out of range 0..2^64-1`);
  for (let l = 0; l < 8; l++) {
    if (v < 1n << BigInt(7 * (l + 1))) {
      const out = new Uint8Array(1 + l);
      const hi = v >> BigInt(8 * l);
      out[0] = 256 - (1 << (8 - l)) + Number(hi);
      for (let i = 0; i < l; i++) out[1 + i] = Number((v >> BigInt(8 * i)) & 0xffn);
      return out;
    }
  }
  const out = new Uint8Array(9);
  out[0] = 255;
  for (let i = 0; i < 8; i++) out[1 + i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** Reads E^-1 at the reader's position as a bigint (throws FormatError when truncated). */
export function readNaturalBig(r: ByteReader, field: string): bigint {
  const b = r.u8(field);
  let l = 0;
  while (l < 8 && b & (0x80 >> l)) l++;
  if (l === 8) {
    r.need(8, field);
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(r.bytes[r.pos + i]!);
    r.pos += 8;
    return v;
  }
  r.need(l, field);
  let low = 0n;
  for (let i = l - 1; i >= 0; i--) low = (low << 8n) | BigInt(r.bytes[r.pos + i]!);
  r.pos += l;
  const hi = BigInt(b & ((1 << (7 - l)) - 1));
  return (hi << BigInt(8 * l)) | low;
}

/**
 * Reads E^-1 and requires it to be at most `max` (so lengths cannot make a decoder
 * allocate or loop without bound). Returns a number.
 */
export function readNatural(r: ByteReader, field: string, max: number): number {
  const at = r.pos;
  const v = readNaturalBig(r, field);
  if (v > BigInt(max)) r.fail(field, `value ${v} exceeds the limit ${max}`, at);
  return Number(v);
}
