/*
 * Control flow: loops of every shape, compares of every kind (signed/unsigned, 32/64-bit,
 * against zero and constants), calls and returns, recursion, tail calls, function
 * pointers from a const table and from a writable one, indirect calls through a struct,
 * and a dense `switch` that compiles to a jump table.
 */
#include "rvtest.h"

NOINLINE static i64 fib_rec(i64 n) { return n < 2 ? n : fib_rec(n - 1) + fib_rec(n - 2); }

NOINLINE static u64 ackermann(u64 m, u64 n) {
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

NOINLINE static u64 gcd(u64 a, u64 b) { return b == 0 ? a : gcd(b, a % b); } /* tail call */

static i64 f_sq(i64 x) { return x * x; }
static i64 f_neg(i64 x) { return -x; }
static i64 f_tri(i64 x) { return x * (x + 1) / 2; }
static i64 f_cube(i64 x) { return x * x * x; }
static i64 f_fib(i64 x) { return fib_rec(x & 15); }

static i64 (*const RO_TABLE[])(i64) = {f_sq, f_neg, f_tri, f_cube, f_fib};
static i64 (*rw_table[])(i64) = {f_cube, f_fib, f_sq};

struct ops {
  const char *name;
  i64 (*apply)(i64);
  struct ops *next;
};
static struct ops op_c = {"cube", f_cube, 0};
static struct ops op_b = {"tri", f_tri, &op_c};
static struct ops op_a = {"neg", f_neg, &op_b};

NOINLINE static i64 dispatch(i64 k, i64 x) {
  switch (k) {
    case 0: return x + 11;
    case 1: return fib_rec(x & 7);
    case 2: return x ^ 0x5a;
    case 3: return x * 7 - 3;
    case 4: return gcd((u64)x, 36);
    case 5: return (i64)ackermann(1, (u64)x & 7);
    case 6: return x << 3;
    case 7: return -x;
    case 8: return x / 3;
    case 9: return f_tri(x);
    default: return 99;
  }
}

NOINLINE static u64 compares(u64 h, i64 a, i64 b) {
  u64 ua = (u64)a, ub = (u64)b;
  i32 wa = (i32)a, wb = (i32)b;
  if (a < b) h = mix(h, 1);
  if (a <= b) h = mix(h, 2);
  if (a > b) h = mix(h, 3);
  if (a >= b) h = mix(h, 4);
  if (ua < ub) h = mix(h, 5);
  if (ua <= ub) h = mix(h, 6);
  if (ua > ub) h = mix(h, 7);
  if (ua >= ub) h = mix(h, 8);
  if (a == b) h = mix(h, 9);
  if (a != b) h = mix(h, 10);
  if (a < 0) h = mix(h, 11);
  if (a > 0) h = mix(h, 12);
  if (a == 0) h = mix(h, 13);
  if (ua > 1000) h = mix(h, 14);
  if (a < -1000) h = mix(h, 15);
  if (wa < wb) h = mix(h, 16);
  if ((u32)wa >= (u32)wb) h = mix(h, 17);
  if (a > 5 && b < 7) h = mix(h, 18);
  return h;
}

u64 run(void) {
  u64 h = 0;
  static const i64 vals[] = {0, 1, -1, 5, -5, 100, -100, 0x7fffffff, (i64)0x80000000, 0x7fffffffffffffffL, I64_MIN, 12345678901L};
  const unsigned n = sizeof vals / sizeof vals[0];
  for (unsigned i = 0; i < n; i++)
    for (unsigned j = 0; j < n; j++) h = compares(h, OPAQUE(vals[i]), OPAQUE(vals[j]));
  /* loops */
  u64 s = 0;
  for (i64 i = OPAQUE(10); i >= 0; i--) s += (u64)i * 3;
  h = mix(h, s);
  u64 k = OPAQUE(1);
  while (k < 1000000) k = k * 3 + 1;
  h = mix(h, k);
  i64 d = OPAQUE(-40);
  do { d += 7; } while (d < 100);
  h = mix(h, (u64)d);
  for (u32 w = OPAQUE(0u); w != 37; w += 1) s ^= w * w;
  h = mix(h, s);
  /* calls, recursion, tail calls */
  h = mix(h, (u64)fib_rec(OPAQUE(18)));
  h = mix(h, ackermann(2, OPAQUE(3)));
  h = mix(h, gcd(OPAQUE(1071), 462));
  /* function pointers */
  for (unsigned i = 0; i < 20; i++) h = mix(h, (u64)RO_TABLE[OPAQUE(i) % 5](OPAQUE((i64)i) - 7));
  rw_table[OPAQUE(1)] = f_neg;
  for (unsigned i = 0; i < 9; i++) h = mix(h, (u64)rw_table[OPAQUE(i) % 3]((i64)i));
  for (struct ops *o = OPAQUE(&op_a); o; o = o->next) h = mix(mix(h, (u64)o->apply(9)), (u64)(u8)o->name[1]);
  h = mix(h, RO_TABLE[0] == f_sq);
  h = mix(h, OPAQUE(RO_TABLE[1]) == OPAQUE(rw_table[1]));
  /* switch */
  for (i64 i = -2; i < 14; i++) h = mix(h, (u64)dispatch(OPAQUE(i), OPAQUE(i * 5 + 3)));
  return h;
}
