/*
 * riscv-tests group `runtime`: the guest runtime (toolchains/guest-runtime) against the
 * host's libgcc/libc. On the guest the 128-bit helpers are called by name (at -O3 clang
 * would inline the shifts and skip some of them); natively the same operations are C
 * operators and __builtin_mul_overflow. mem* run over every small length and relative
 * alignment, overlapping both ways for memmove.
 */
#include <string.h>
#include "rvt.h"

typedef unsigned __int128 u128;
typedef __int128 i128;

#if defined(__riscv)
u128 __udivti3(u128, u128);
u128 __umodti3(u128, u128);
i128 __divti3(i128, i128);
i128 __modti3(i128, i128);
i128 __ashlti3(i128, int);
u128 __lshrti3(u128, int);
i128 __ashrti3(i128, int);
i128 __muloti4(i128, i128, int *);
#define UDIV(a, b) __udivti3(a, b)
#define UMOD(a, b) __umodti3(a, b)
#define SDIV(a, b) __divti3(a, b)
#define SMOD(a, b) __modti3(a, b)
#define SHL(a, s) ((u128)__ashlti3((i128)(a), s))
#define LSHR(a, s) __lshrti3(a, s)
#define ASHR(a, s) ((u128)__ashrti3((i128)(a), s))
static inline u128 mulo(i128 a, i128 b, int *o) { return (u128)__muloti4(a, b, o); }
#else
#define UDIV(a, b) ((a) / (b))
#define UMOD(a, b) ((a) % (b))
#define SDIV(a, b) ((a) / (b))
#define SMOD(a, b) ((a) % (b))
#define SHL(a, s) ((u128)(a) << (s))
#define LSHR(a, s) ((u128)(a) >> (s))
#define ASHR(a, s) ((u128)((i128)(a) >> (s))) /* arithmetic on gcc and clang */
static inline u128 mulo(i128 a, i128 b, int *o) {
  i128 r;
  /* stores the product modulo 2^128, as __muloti4 returns it */
  *o = __builtin_mul_overflow(a, b, &r);
  return (u128)r;
}
#endif

static inline u64 fold128(u64 h, u128 v) { return rvt_mix(rvt_mix(h, (u64)v), (u64)(v >> 64)); }
static inline u128 wide(int i, int j) { return ((u128)rvt_v(i) << 64) | rvt_v(j); }

#define I128_MIN ((u128)1 << 127)

static u64 int128(u64 h) {
  for (int i = 0; i < RVT_NVALUES; i += 3) {
    for (int j = 0; j < RVT_NVALUES; j += 2) {
      u128 n = wide(i, j), d = wide((i + j) % RVT_NVALUES, (j + 5) % RVT_NVALUES);
      u128 small = rvt_v(j) | 1; /* 64-bit divisors take the hardware path */
      if (d != 0) {
        h = fold128(h, UDIV(n, d));
        h = fold128(h, UMOD(n, d));
        /* signed: C leaves INT128_MIN / -1 undefined; skip exactly that pair */
        if (!(n == I128_MIN && d == ~(u128)0)) {
          h = fold128(h, (u128)SDIV((i128)n, (i128)d));
          h = fold128(h, (u128)SMOD((i128)n, (i128)d));
        }
      }
      h = fold128(h, UDIV(n, small));
      h = fold128(h, (u128)SMOD((i128)n, (i128)small));
      int s = (int)(rvt_v(j) & 127);
      h = fold128(h, SHL(n, s));
      h = fold128(h, LSHR(n, s));
      h = fold128(h, ASHR(n, s));
      int o = 0;
      h = fold128(h, mulo((i128)n, (i128)d, &o));
      h = rvt_mix(h, (u64)o);
      h = fold128(h, mulo((i128)(i64)rvt_v(i), (i128)(i64)rvt_v(j), &o));
      h = rvt_mix(h, (u64)o);
    }
  }
  return h;
}

static unsigned char src[96], dst[96];

static u64 fold_bytes(u64 h, const unsigned char *p, int n) {
  for (int i = 0; i < n; i++) h = rvt_mix(h, p[i]);
  return h;
}

static u64 mem(u64 h) {
  for (int i = 0; i < 96; i++) src[i] = (unsigned char)(rvt_v(i % RVT_NVALUES) >> (i % 57));
  for (int len = 0; len <= 40; len += 3) {
    for (int so = 0; so < 8; so++) {
      for (int d = 0; d < 8; d += 3) {
        memset(dst, 0xa5, sizeof dst);
        memcpy(dst + d, src + so, (size_t)len);
        h = fold_bytes(h, dst, 56);
        memset(dst + so, (int)(len * 7 + d), (size_t)len);
        h = fold_bytes(h, dst, 56);
        memcpy(dst, src, 64);
        memmove(dst + d, dst + so, (size_t)len); /* overlaps forwards or backwards */
        h = fold_bytes(h, dst, 56);
        int c = memcmp(dst + d, src + so, (size_t)len);
        h = rvt_mix(h, (u64)(c > 0) - (u64)(c < 0)); /* only the sign is defined */
      }
    }
  }
  return h;
}

u64 rvt_runtime(void) {
  u64 h = 13;
  h = int128(h);
  h = mem(h);
  return h;
}
