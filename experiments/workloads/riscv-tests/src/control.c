/*
 * riscv-tests group `control`: the six conditional branches over every operand pair
 * (signed and unsigned orders differ exactly on the table's sign-bit values), and jal /
 * jalr as the compiler emits them: direct calls, calls through a table of function
 * pointers, returns, deep recursion, and a dense switch (a jump table in .rodata).
 */
#include "rvt.h"

#if defined(__riscv)
#define BRANCH(name, mn)                                                          \
  static inline u64 name(u64 a, u64 b) {                                          \
    u64 r;                                                                        \
    __asm__ volatile("li %0, 1\n\t" mn " %1, %2, 1f\n\tli %0, 0\n1:"              \
                     : "=&r"(r)                                                   \
                     : "r"(a), "r"(b));                                           \
    return r;                                                                     \
  }
#else
#define BRANCH(name, mn) static inline u64 name(u64 a, u64 b);
#endif

BRANCH(br_beq, "beq")
BRANCH(br_bne, "bne")
BRANCH(br_blt, "blt")
BRANCH(br_bge, "bge")
BRANCH(br_bltu, "bltu")
BRANCH(br_bgeu, "bgeu")

#if !defined(__riscv)
static inline u64 br_beq(u64 a, u64 b) { return a == b; }
static inline u64 br_bne(u64 a, u64 b) { return a != b; }
static inline u64 br_blt(u64 a, u64 b) { return (i64)a < (i64)b; }
static inline u64 br_bge(u64 a, u64 b) { return (i64)a >= (i64)b; }
static inline u64 br_bltu(u64 a, u64 b) { return a < b; }
static inline u64 br_bgeu(u64 a, u64 b) { return a >= b; }
#endif

/* Calls the compiler must not inline: they become jal (direct) and jalr (indirect). */
__attribute__((noinline)) static u64 op_a(u64 x, u64 y) { return x * 3 + y; }
__attribute__((noinline)) static u64 op_b(u64 x, u64 y) { return (x ^ y) >> 3; }
__attribute__((noinline)) static u64 op_c(u64 x, u64 y) { return x - (y << 1); }
__attribute__((noinline)) static u64 op_d(u64 x, u64 y) { return x < y ? y - x : x - y; }
static u64 (*const ops[4])(u64, u64) = {op_a, op_b, op_c, op_d};

/* Recursion 200 deep: return addresses and saved registers on the stack. */
__attribute__((noinline)) static u64 descend(u64 n, u64 acc) {
  if (n == 0) return acc;
  u64 r = descend(n - 1, rvt_mix(acc, n));
  return r ^ (n * 0x1000193);
}

__attribute__((noinline)) static u64 dispatch(u64 k, u64 x) {
  switch (k % 12) {
    case 0: return x + 1;
    case 1: return x * 5;
    case 2: return x ^ 0x5a5a;
    case 3: return x >> 2;
    case 4: return ~x;
    case 5: return x << 9;
    case 6: return x - 77;
    case 7: return x | 0xf0f0;
    case 8: return x & 0xff00ff;
    case 9: return x * x;
    case 10: return x + (x >> 7);
    default: return 42;
  }
}

u64 rvt_control(void) {
  u64 h = 6;
  RVT_ALL_PAIRS(h, br_beq);
  RVT_ALL_PAIRS(h, br_bne);
  RVT_ALL_PAIRS(h, br_blt);
  RVT_ALL_PAIRS(h, br_bge);
  RVT_ALL_PAIRS(h, br_bltu);
  RVT_ALL_PAIRS(h, br_bgeu);
  for (int i = 0; i < RVT_NVALUES; i++) {
    for (int j = 0; j < RVT_NVALUES; j += 3) {
      u64 a = rvt_v(i), b = rvt_v(j);
      h = rvt_mix(h, ops[(i + j) & 3](a, b));
      h = rvt_mix(h, dispatch(a + (u64)j, b));
    }
  }
  h = rvt_mix(h, descend(200, rvt_v(25)));
  return h;
}
