/*
 * Integer arithmetic: every RV64IM operation on edge values, through compiled C (the
 * compiler picks add/sub/mul/shift/compare and their W forms) and through the RV_*
 * instruction macros (division by zero, overflow, shift-amount masking, upper
 * multiplies, W forms).
 */
#include "rvtest.h"

static const u64 VALUES[] = {
  0, 1, 2, 7, 31, 32, 33, 63, 64, 65, (u64)-1, (u64)-7, 0x7fffffff, 0x80000000, 0xffffffff,
  0xffffffff80000000UL, 0x7fffffffffffffffUL, 0x8000000000000000UL, 0x123456789abcdef0UL, 0xfedcba9876543211UL,
};
#define N (sizeof VALUES / sizeof VALUES[0])

NOINLINE static u64 c_ops(u64 h, u64 a, u64 b) {
  i64 sa = (i64)a, sb = (i64)b;
  i32 wa = (i32)a, wb = (i32)b;
  u32 ua = (u32)a, ub = (u32)b;
  h = mix(h, a + b);
  h = mix(h, a - b);
  h = mix(h, a * b);
  h = mix(h, a & b);
  h = mix(h, a | b);
  h = mix(h, a ^ b);
  h = mix(h, ~a);
  h = mix(h, -a);
  h = mix(h, a << (b & 63));
  h = mix(h, a >> (b & 63));
  h = mix(h, (u64)(sa >> (b & 63)));
  h = mix(h, sa < sb);
  h = mix(h, a < b);
  h = mix(h, sa <= sb);
  h = mix(h, a >= b);
  h = mix(h, a == b);
  h = mix(h, a != 0);
  h = mix(h, sa < 0);
  h = mix(h, sa > 0);
  h = mix(h, (i64)(i32)(ua + ub));
  h = mix(h, (i64)(i32)(ua - ub));
  h = mix(h, (i64)(i32)(ua * ub));
  h = mix(h, (i64)(i32)(ua << (b & 31)));
  h = mix(h, (i64)(i32)(ua >> (b & 31)));
  h = mix(h, (i64)(wa >> (b & 31)));
  h = mix(h, (u64)ua);
  h = mix(h, (u64)(u8)a);
  h = mix(h, (u64)(i64)(signed char)a);
  h = mix(h, (u64)(unsigned short)a);
  h = mix(h, (u64)(i64)(short)a);
  h = mix(h, wa < wb);
  h = mix(h, ua < ub);
  if (b != 0) {
    h = mix(h, a / b);
    h = mix(h, a % b);
  }
  if (sb != 0 && !(sa == I64_MIN && sb == -1)) {
    h = mix(h, (u64)(sa / sb));
    h = mix(h, (u64)(sa % sb));
  }
  if (wb != 0 && !(wa == I32_MIN && wb == -1)) {
    h = mix(h, (u64)(i64)(wa / wb));
    h = mix(h, (u64)(i64)(wa % wb));
  }
  if (ub != 0) h = mix(h, (u64)(i64)(i32)(ua / ub));
  h = mix(h, a + 0x7ff);
  h = mix(h, a - 0x800);
  h = mix(h, a * 10);
  h = mix(h, a & 0xff0);
  h = mix(h, a ^ 0x5a5);
  h = mix(h, a | 0x1000);
  h = mix(h, sa < -3);
  h = mix(h, a < 100);
  h = mix(h, a + 0x12345678);
  h = mix(h, a * 0x123456789UL);
  return h;
}

NOINLINE static u64 rv_ops(u64 h, u64 a, u64 b) {
  h = mix(h, RV_DIV(a, b));
  h = mix(h, RV_DIVU(a, b));
  h = mix(h, RV_REM(a, b));
  h = mix(h, RV_REMU(a, b));
  h = mix(h, RV_DIVW(a, b));
  h = mix(h, RV_DIVUW(a, b));
  h = mix(h, RV_REMW(a, b));
  h = mix(h, RV_REMUW(a, b));
  h = mix(h, RV_SLL(a, b));
  h = mix(h, RV_SRL(a, b));
  h = mix(h, RV_SRA(a, b));
  h = mix(h, RV_SLLW(a, b));
  h = mix(h, RV_SRLW(a, b));
  h = mix(h, RV_SRAW(a, b));
  h = mix(h, RV_ADDW(a, b));
  h = mix(h, RV_SUBW(a, b));
  h = mix(h, RV_MULW(a, b));
  h = mix(h, RV_MULH(a, b));
  h = mix(h, RV_MULHU(a, b));
  h = mix(h, RV_MULHSU(a, b));
  return h;
}

u64 run(void) {
  u64 h = 0;
  for (unsigned i = 0; i < N; i++) {
    for (unsigned j = 0; j < N; j++) {
      u64 a = OPAQUE(VALUES[i]), b = OPAQUE(VALUES[j]);
      h = c_ops(h, a, b);
      h = rv_ops(h, a, b);
    }
  }
  return h;
}
