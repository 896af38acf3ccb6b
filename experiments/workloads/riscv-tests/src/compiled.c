/*
 * riscv-tests group `compiled`: plain C with defined behaviour, left to the compiler.
 * Each function is a pattern that a given extension turns into its instructions (as
 * clang 19/22 select them), so this group checks what compilers really emit:
 *   Zba   array indexing and scaled adds (shNadd, shNadd.uw, add.uw = zext.w, slli.uw)
 *   Zbb   __builtin_clz/ctz/popcount, rotates, min/max, sign/zero extension, bswap,
 *         andn/orn/xnor
 *   Zbs   single-bit set/clear/invert/extract
 *   Zicond  branchless selects
 *   C     everything (the whole group compresses)
 * Without an extension the same C compiles to plain rv64em sequences.
 */
#include "rvt.h"

static u64 table[64];
static u32 words[64];

__attribute__((noinline)) static u64 scaled(u64 i, u64 j, u32 k) {
  /* sh3add / sh2add for indexing, add.uw + shNadd.uw for a 32-bit index */
  return table[i & 63] + words[j & 63] + table[(u64)(k & 31) + 8] + ((u64)k << 3) + ((u64)(u32)i << 4);
}

__attribute__((noinline)) static u64 bits(u64 x, u64 y) {
  u64 r = 0;
  r += x ? (u64)__builtin_clzll(x) : 64;
  r += x ? (u64)__builtin_ctzll(x) : 64;
  r += (u64)__builtin_popcountll(x);
  r += (u32)y ? (u64)__builtin_clz((u32)y) : 32;
  r += (u32)y ? (u64)__builtin_ctz((u32)y) : 32;
  r += (u64)__builtin_popcount((u32)y);
  u64 s = y & 63;
  r ^= (x << s) | (x >> ((64 - s) & 63));
  r ^= (x >> s) | (x << ((64 - s) & 63));
  u32 w = (u32)x, t = (u32)y & 31;
  r ^= sext32((u32)((w << t) | (w >> ((32 - t) & 31))));
  r += (i64)x < (i64)y ? x : y;
  r += x > y ? x : y;
  r += (u64)(i64)(signed char)(unsigned char)(x & 0x7f) + (u64)(x & 0xffff);
  r += __builtin_bswap64(x) ^ (x & ~y) ^ (x | ~y) ^ ~(x ^ y);
  return r;
}

__attribute__((noinline)) static u64 single_bits(u64 x, u64 n) {
  n &= 63;
  u64 r = x | ((u64)1 << n);
  r ^= x & ~((u64)1 << n);
  r += (x >> n) & 1;
  r ^= x ^ ((u64)1 << (63 - n));
  r += x | ((u64)1 << 40);
  return r;
}

__attribute__((noinline)) static u64 selects(u64 c, u64 a, u64 b) {
  u64 r = c ? a : 0;
  r += c ? 0 : b;
  r ^= (c & 1) ? a : b;
  r += (a > b) ? a - b : 0;
  return r;
}

/* A struct copy and a large zeroing: clang calls memcpy/memset (the guest runtime). */
struct blob {
  u64 w[24];
};
__attribute__((noinline)) static u64 copies(struct blob *dst, const struct blob *src, u64 seed) {
  *dst = *src;
  dst->w[(seed & 7) + 3] ^= seed;
  struct blob z = {{0}};
  z.w[seed & 15] = seed;
  u64 h = 0;
  for (int i = 0; i < 24; i++) h = rvt_mix(h, dst->w[i] + z.w[i]);
  return h;
}

u64 rvt_compiled(void) {
  u64 h = 12;
  for (int i = 0; i < 64; i++) {
    table[i] = rvt_v(i % RVT_NVALUES) ^ (u64)i;
    words[i] = (u32)(rvt_v((i + 5) % RVT_NVALUES) >> (i & 31));
  }
  struct blob a, b;
  for (int i = 0; i < 24; i++) a.w[i] = rvt_v(i % RVT_NVALUES) * (u64)(i + 3);
  for (int i = 0; i < RVT_NVALUES; i++) {
    for (int j = 0; j < RVT_NVALUES; j++) {
      u64 x = rvt_v(i), y = rvt_v(j);
      h = rvt_mix(h, scaled(x, y, (u32)(x + y)));
      h = rvt_mix(h, bits(x, y));
      h = rvt_mix(h, single_bits(x, y));
      h = rvt_mix(h, selects(x & y & 1, x, y));
    }
    h = rvt_mix(h, copies(&b, &a, rvt_v(i)));
  }
  return h;
}
