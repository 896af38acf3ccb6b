/*
 * riscv-tests group `alu`: RV64I integer register-register and register-immediate
 * operations, lui, and fence. (auipc is exercised by every global access of every
 * group: PC-relative addressing of rvt_values.)
 */
#include "rvt.h"

BASE_R(rv_add, "add", a + b)
BASE_R(rv_sub, "sub", a - b)
BASE_R(rv_and, "and", a & b)
BASE_R(rv_or, "or", a | b)
BASE_R(rv_xor, "xor", a ^ b)
BASE_R(rv_slt, "slt", (i64)a < (i64)b)
BASE_R(rv_sltu, "sltu", a < b)

/* Immediates are 12-bit signed: the extremes, zero, one, and a bit pattern. */
#define ALU_IMM(h, x, imm)                                                \
  do {                                                                    \
    const u64 s_ = (u64)(i64)(imm); /* used by the models only */          \
    (void)s_;                                                             \
    h = rvt_mix(h, BASE_I("addi", x, imm, x + s_));                       \
    h = rvt_mix(h, BASE_I("slti", x, imm, (i64)x < (i64)s_));             \
    h = rvt_mix(h, BASE_I("sltiu", x, imm, x < s_));                      \
    h = rvt_mix(h, BASE_I("xori", x, imm, x ^ s_));                       \
    h = rvt_mix(h, BASE_I("ori", x, imm, x | s_));                        \
    h = rvt_mix(h, BASE_I("andi", x, imm, x & s_));                       \
  } while (0)

#if defined(__riscv)
#define LUI(imm)                                          \
  ({                                                      \
    u64 r_;                                               \
    __asm__ volatile("lui %0, %1" : "=r"(r_) : "i"(imm)); \
    r_;                                                   \
  })
#else
/* lui: imm20 << 12, sign-extended from bit 31. */
#define LUI(imm) sext32((u64)(imm) << 12)
#endif

u64 rvt_alu(void) {
  u64 h = 1;
  RVT_ALL_PAIRS(h, rv_add);
  RVT_ALL_PAIRS(h, rv_sub);
  RVT_ALL_PAIRS(h, rv_and);
  RVT_ALL_PAIRS(h, rv_or);
  RVT_ALL_PAIRS(h, rv_xor);
  RVT_ALL_PAIRS(h, rv_slt);
  RVT_ALL_PAIRS(h, rv_sltu);
  for (int i = 0; i < RVT_NVALUES; i++) {
    u64 x = rvt_v(i);
    ALU_IMM(h, x, -2048);
    ALU_IMM(h, x, -1);
    ALU_IMM(h, x, 0);
    ALU_IMM(h, x, 1);
    ALU_IMM(h, x, 0x555);
    ALU_IMM(h, x, 2047);
  }
  h = rvt_mix(h, LUI(0));
  h = rvt_mix(h, LUI(1));
  h = rvt_mix(h, LUI(0x7ffff));
  h = rvt_mix(h, LUI(0x80000)); /* bit 31 set: negative after sign extension */
  h = rvt_mix(h, LUI(0xfffff));
  h = rvt_mix(h, LUI(0x12345));
#if defined(__riscv)
  __asm__ volatile("fence" ::: "memory"); /* no effect on one hart; must translate */
#endif
  return h;
}
