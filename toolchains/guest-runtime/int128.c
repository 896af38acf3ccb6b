/*
 * Guest runtime: the 128-bit integer helpers clang calls on rv64 (LLVM expands 128-bit
 * add, sub, mul and most shifts inline, but not these). Measured with clang-19 and
 * clang-22 at -O0..-Oz, with and without Zba/Zbb/Zbs/Zicond/C:
 *
 *   __udivti3 __umodti3 __divti3 __modti3   128-bit / and %          (every level)
 *   __ashlti3 __lshrti3 __ashrti3           128-bit shifts           (-Oz)
 *   __muloti4                               __builtin_mul_overflow on __int128 (clang-19)
 *
 * Semantics follow the libgcc/compiler-rt contracts of the same names: C semantics of
 * unsigned/signed __int128 division (truncating; remainder has the dividend's sign);
 * shift counts 0..127; __muloti4 returns the wrapped product and sets *overflow to 1
 * when the exact product does not fit in a signed 128-bit integer. Division by zero is
 * undefined in C; here it traps (the run ends with status panic), never returns junk.
 */
#include <stdint.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

static inline uint64_t hi64(u128 x) { return (uint64_t)(x >> 64); }
static inline uint64_t lo64(u128 x) { return (uint64_t)x; }

/* Leading zero bits of a non-zero 128-bit value. */
static inline int clz128(u128 x) {
  return hi64(x) != 0 ? __builtin_clzll(hi64(x)) : 64 + __builtin_clzll(lo64(x));
}

/*
 * Unsigned division with remainder. Operands that fit in 64 bits use the hardware
 * divide (one `divu`/`remu`); otherwise restoring shift-subtract division over only the
 * quotient bits that can be non-zero (clz(d) - clz(n) + 1 steps, at most 128).
 */
static u128 udivmod128(u128 n, u128 d, u128 *rem) {
  if (d == 0) __builtin_trap();
  if (n < d) {
    *rem = n;
    return 0;
  }
  if (hi64(n) == 0) { /* then d <= n fits in 64 bits too */
    *rem = lo64(n) % lo64(d);
    return lo64(n) / lo64(d);
  }
  int shift = clz128(d) - clz128(n);
  d <<= shift;
  u128 q = 0;
  for (int i = 0; i <= shift; i++) {
    q <<= 1;
    if (n >= d) {
      n -= d;
      q |= 1;
    }
    d >>= 1;
  }
  *rem = n;
  return q;
}

u128 __udivti3(u128 n, u128 d) {
  u128 r;
  return udivmod128(n, d, &r);
}

u128 __umodti3(u128 n, u128 d) {
  u128 r;
  udivmod128(n, d, &r);
  return r;
}

/* |x| as unsigned; correct for INT128_MIN too (2^127). */
static inline u128 magnitude(i128 x) { return x < 0 ? -(u128)x : (u128)x; }

i128 __divti3(i128 n, i128 d) {
  u128 r;
  u128 q = udivmod128(magnitude(n), magnitude(d), &r);
  /* Wrapping negation gives INT128_MIN / -1 = INT128_MIN, the value RISC-V `div` gives. */
  return (i128)(((n < 0) != (d < 0)) ? -q : q);
}

i128 __modti3(i128 n, i128 d) {
  u128 r;
  udivmod128(magnitude(n), magnitude(d), &r);
  return (i128)(n < 0 ? -r : r);
}

/* Shifts by b in 0..127, composed from 64-bit halves (a 64-bit shift by 64 is undefined). */
i128 __ashlti3(i128 a, int b) {
  uint64_t lo = lo64((u128)a), hi = hi64((u128)a);
  if (b == 0) return a;
  if (b >= 64) {
    hi = lo << (b - 64);
    lo = 0;
  } else {
    hi = (hi << b) | (lo >> (64 - b));
    lo <<= b;
  }
  return (i128)(((u128)hi << 64) | lo);
}

u128 __lshrti3(u128 a, int b) {
  uint64_t lo = lo64(a), hi = hi64(a);
  if (b == 0) return a;
  if (b >= 64) {
    lo = hi >> (b - 64);
    hi = 0;
  } else {
    lo = (lo >> b) | (hi << (64 - b));
    hi >>= b;
  }
  return ((u128)hi << 64) | lo;
}

i128 __ashrti3(i128 a, int b) {
  uint64_t lo = lo64((u128)a);
  int64_t hi = (int64_t)hi64((u128)a);
  if (b == 0) return a;
  if (b >= 64) {
    lo = (uint64_t)(hi >> (b - 64));
    hi = hi >> 63;
  } else {
    lo = (lo >> b) | ((uint64_t)hi << (64 - b));
    hi >>= b;
  }
  return (i128)(((u128)(uint64_t)hi << 64) | lo);
}

i128 __muloti4(i128 a, i128 b, int *overflow) {
  u128 ua = magnitude(a), ub = magnitude(b);
  int negative = (a < 0) != (b < 0);
  /* The largest magnitude the result may have: 2^127 - 1, or 2^127 when negative. */
  u128 limit = ((u128)1 << 127) - (negative ? 0 : 1);
  *overflow = ua != 0 && ub != 0 && ua > limit / ub;
  u128 p = ua * ub; /* wraps modulo 2^128, as the result must */
  return (i128)(negative ? -p : p);
}
