/**
 * Memory-layout constants of GP A.7 (standard program initialisation), in bytes.
 *
 *   0 ........ Z_Z            inaccessible (addresses below 2^16 always panic, GP A.8)
 *   Z_Z ...................   RO data o, padded to pages
 *   2Z_Z + Z(|o|) .........   RW data w, then z zero pages (heap grows from here)
 *   ... 2^32-2Z_Z-Z_I-P(s)    stack, s bytes, top at 2^32 - 2Z_Z - Z_I (φ1)
 *   2^32 - Z_Z - Z_I ......   arguments a (RO), φ7 points here, φ8 = |a|
 */
export const PAGE_SIZE = 4096; // Z_P
export const ZONE_SIZE = 1 << 16; // Z_Z
export const INPUT_SIZE = 1 << 24; // Z_I
export const ADDRESS_SPACE = 2 ** 32;
/** Returning to φ0's initial value halts (djump to 2^32 - 2^16, GP A.18). */
export const HALT_ADDRESS = ADDRESS_SPACE - ZONE_SIZE;
export const STACK_TOP = ADDRESS_SPACE - 2 * ZONE_SIZE - INPUT_SIZE;
export const ARGS_START = ADDRESS_SPACE - ZONE_SIZE - INPUT_SIZE;
export const RO_START = ZONE_SIZE;

/** P(x): x rounded up to whole pages (GP A.40). */
export const pageAlign = (x: number) => Math.ceil(x / PAGE_SIZE) * PAGE_SIZE;
/** Z(x): x rounded up to whole zones (GP A.40). */
export const zoneAlign = (x: number) => Math.ceil(x / ZONE_SIZE) * ZONE_SIZE;
/** Start of RW data for RO data of `roLen` bytes (GP A.42). */
export const rwStart = (roLen: number) => 2 * ZONE_SIZE + zoneAlign(roLen);
