/*
 * riscv-tests group `muldiv`: the M extension, 64-bit and W forms. The edge cases are
 * the ones C leaves undefined and RISC-V defines (ISA manual, "Division Operations"):
 *   x / 0 = all ones (unsigned) or -1 (signed);  x % 0 = x;
 *   INT_MIN / -1 = INT_MIN (signed overflow);    INT_MIN % -1 = 0;
 * and the W forms compute on the low 32 bits and sign-extend the 32-bit result.
 */
#include "rvt.h"

typedef unsigned __int128 u128;
typedef __int128 i128;

#define I64_MIN ((u64)1 << 63)
#define I32_MIN ((u32)1 << 31)

RVT_MODEL u64 m_div(u64 a, u64 b) {
  if (b == 0) return ~(u64)0;
  if (a == I64_MIN && b == ~(u64)0) return I64_MIN;
  return (u64)((i64)a / (i64)b);
}
RVT_MODEL u64 m_rem(u64 a, u64 b) {
  if (b == 0) return a;
  if (a == I64_MIN && b == ~(u64)0) return 0;
  return (u64)((i64)a % (i64)b);
}
RVT_MODEL u64 m_divw(u64 a, u64 b) {
  u32 x = (u32)a, y = (u32)b;
  if (y == 0) return ~(u64)0;
  if (x == I32_MIN && y == 0xffffffffu) return sext32(I32_MIN);
  return sext32((u32)((i32)x / (i32)y));
}
RVT_MODEL u64 m_remw(u64 a, u64 b) {
  u32 x = (u32)a, y = (u32)b;
  if (y == 0) return sext32(x);
  if (x == I32_MIN && y == 0xffffffffu) return 0;
  return sext32((u32)((i32)x % (i32)y));
}

BASE_R(rv_mul, "mul", a * b)
/* High halves: the signed products fit in 127 bits, so no 128-bit overflow. */
BASE_R(rv_mulh, "mulh", (u64)((u128)((i128)(i64)a * (i128)(i64)b) >> 64))
BASE_R(rv_mulhsu, "mulhsu", (u64)((u128)((i128)(i64)a * (i128)b) >> 64))
BASE_R(rv_mulhu, "mulhu", (u64)(((u128)a * (u128)b) >> 64))
BASE_R(rv_div, "div", m_div(a, b))
BASE_R(rv_divu, "divu", b == 0 ? ~(u64)0 : a / b)
BASE_R(rv_rem, "rem", m_rem(a, b))
BASE_R(rv_remu, "remu", b == 0 ? a : a % b)
BASE_R(rv_mulw, "mulw", sext32((u64)((u32)a * (u32)b)))
BASE_R(rv_divw, "divw", m_divw(a, b))
BASE_R(rv_divuw, "divuw", (u32)b == 0 ? ~(u64)0 : sext32((u32)a / (u32)b))
BASE_R(rv_remw, "remw", m_remw(a, b))
BASE_R(rv_remuw, "remuw", (u32)b == 0 ? sext32((u32)a) : sext32((u32)a % (u32)b))

u64 rvt_muldiv(void) {
  u64 h = 4;
  RVT_ALL_PAIRS(h, rv_mul);
  RVT_ALL_PAIRS(h, rv_mulh);
  RVT_ALL_PAIRS(h, rv_mulhsu);
  RVT_ALL_PAIRS(h, rv_mulhu);
  RVT_ALL_PAIRS(h, rv_div);
  RVT_ALL_PAIRS(h, rv_divu);
  RVT_ALL_PAIRS(h, rv_rem);
  RVT_ALL_PAIRS(h, rv_remu);
  RVT_ALL_PAIRS(h, rv_mulw);
  RVT_ALL_PAIRS(h, rv_divw);
  RVT_ALL_PAIRS(h, rv_divuw);
  RVT_ALL_PAIRS(h, rv_remw);
  RVT_ALL_PAIRS(h, rv_remuw);
  return h;
}
