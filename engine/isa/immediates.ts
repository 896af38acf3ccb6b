/**
 * Immediate decoding (GP A.10, A.16): little-endian E_l^-1 of up to 4 bytes of ζ
 * (bytes past the code read as 0, A.4), then sign extension X_l from 8l bits.
 * Results are signed 32-bit JS numbers; as a u64 they mean BigInt.asUintN(64, BigInt(v)).
 */

/** X_l(E_l^-1(code[off .. off+len])) for len in 0..4, as a signed 32-bit number. */
export function readSignedImm(code: Uint8Array, off: number, len: number): number {
  if (len === 0) return 0;
  let v = 0;
  for (let i = 0; i < len; i++) {
    const p = off + i;
    const byte = p < code.length ? code[p]! : 0;
    v |= byte << (8 * i);
  }
  const shift = 32 - 8 * len;
  return (v << shift) >> shift;
}

/** E_8^-1(code[off .. off+8]) as a u64 bigint (bytes past the end read as 0). */
export function readU64(code: Uint8Array, off: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) {
    const p = off + i;
    v = (v << 8n) | BigInt(p < code.length ? code[p]! : 0);
  }
  return v;
}

/** ζ_i: a code byte, 0 past the end (GP A.4). */
export function zeta(code: Uint8Array, i: number): number {
  return i < code.length ? code[i]! : 0;
}
