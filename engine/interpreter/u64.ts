/**
 * Named conversions of GP A.10–A.16 over bigint (STYLE.md item 6). Registers are u64.
 */
export const MASK64 = (1n << 64n) - 1n;
export const MASK32 = 0xffffffffn;

/** mod 2^64 */
export const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
/** Z8: u64 -> signed */
export const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
/** X4 applied to x mod 2^32: sign-extend the low 32 bits to u64 */
export const sx32 = (x: bigint): bigint => BigInt.asUintN(64, BigInt.asIntN(32, x));
/** Z4(x mod 2^32) */
export const s32 = (x: bigint): bigint => BigInt.asIntN(32, x);
/** x mod 2^32 */
export const lo32 = (x: bigint): bigint => x & MASK32;
/** X1 / X2 of the low 8 / 16 bits */
export const sx8 = (x: bigint): bigint => BigInt.asUintN(64, BigInt.asIntN(8, x));
export const sx16 = (x: bigint): bigint => BigInt.asUintN(64, BigInt.asIntN(16, x));

export function popcount64(x: bigint): bigint {
  const hi = Number(x >> 32n);
  const lo = Number(x & MASK32);
  return BigInt(popcount32(hi) + popcount32(lo));
}

export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function clz64(x: bigint): bigint {
  const hi = Number(x >> 32n);
  return BigInt(hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(Number(x & MASK32)));
}

export function ctz32(v: number): number {
  if (v === 0) return 32;
  return 31 - Math.clz32(v & -v);
}

export function ctz64(x: bigint): bigint {
  const lo = Number(x & MASK32);
  return BigInt(lo !== 0 ? ctz32(lo) : 32 + ctz32(Number(x >> 32n)));
}

export function rotr64(x: bigint, n: bigint): bigint {
  const k = n & 63n;
  return k === 0n ? x : u64((x >> k) | (x << (64n - k)));
}

export function rotr32(x: bigint, n: bigint): bigint {
  const v = x & MASK32;
  const k = n & 31n;
  return k === 0n ? v : ((v >> k) | (v << (32n - k))) & MASK32;
}

export function reverseBytes64(x: bigint): bigint {
  let r = 0n;
  for (let i = 0; i < 8; i++) {
    r = (r << 8n) | (x & 0xffn);
    x >>= 8n;
  }
  return r;
}
