/** Opcode bitmask packing (GP A.2, E(k)): one bit per code byte, LSB-first within an octet. */

/** Packs an unpacked mask (one 0/1 byte per code byte) into ceil(n/8) octets. */
export function packMask(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array((mask.length + 7) >> 3);
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

/** Unpacks `n` bits of a packed mask; padding bits past n are ignored. */
export function unpackMask(packed: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (packed[i >> 3]! >> (i & 7)) & 1;
  return out;
}
