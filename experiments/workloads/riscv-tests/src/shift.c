/*
 * riscv-tests group `shift`: RV64I shifts. Register forms use only the low 6 bits of
 * the amount, so amounts 64, 65, 127, 2^31, -1 ... from the operand table wrap around.
 */
#include "rvt.h"

BASE_R(rv_sll, "sll", a << (b & 63))
BASE_R(rv_srl, "srl", a >> (b & 63))
BASE_R(rv_sra, "sra", sra64(a, (unsigned)(b & 63)))

#define SHIFT_IMM(h, x, s)                                   \
  do {                                                       \
    h = rvt_mix(h, BASE_I("slli", x, s, x << (s)));          \
    h = rvt_mix(h, BASE_I("srli", x, s, x >> (s)));          \
    h = rvt_mix(h, BASE_I("srai", x, s, sra64(x, (s))));     \
  } while (0)

u64 rvt_shift(void) {
  u64 h = 2;
  RVT_ALL_PAIRS(h, rv_sll);
  RVT_ALL_PAIRS(h, rv_srl);
  RVT_ALL_PAIRS(h, rv_sra);
  for (int i = 0; i < RVT_NVALUES; i++) {
    u64 x = rvt_v(i);
    SHIFT_IMM(h, x, 0);
    SHIFT_IMM(h, x, 1);
    SHIFT_IMM(h, x, 7);
    SHIFT_IMM(h, x, 31);
    SHIFT_IMM(h, x, 32);
    SHIFT_IMM(h, x, 33);
    SHIFT_IMM(h, x, 62);
    SHIFT_IMM(h, x, 63);
  }
  return h;
}
