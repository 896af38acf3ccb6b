/*
 * riscv-tests group `zbs`: single-bit instructions (Zbs). The bit index is rs2 & 63
 * (register forms) or a 6-bit immediate.
 */
#include "rvt.h"

#define BIT(i) ((u64)1 << ((i) & 63))

ZBS_R(zbs_bclr, "bclr", a & ~BIT(b))
ZBS_R(zbs_bset, "bset", a | BIT(b))
ZBS_R(zbs_binv, "binv", a ^ BIT(b))
ZBS_R(zbs_bext, "bext", (a >> (b & 63)) & 1)

#define BIT_IMM(h, x, i)                                           \
  do {                                                             \
    h = rvt_mix(h, ZBS_I("bclri", x, i, x & ~BIT(i)));             \
    h = rvt_mix(h, ZBS_I("bseti", x, i, x | BIT(i)));              \
    h = rvt_mix(h, ZBS_I("binvi", x, i, x ^ BIT(i)));              \
    h = rvt_mix(h, ZBS_I("bexti", x, i, (x >> (i)) & 1));          \
  } while (0)

u64 rvt_zbs(void) {
  u64 h = 9;
  RVT_ALL_PAIRS(h, zbs_bclr);
  RVT_ALL_PAIRS(h, zbs_bset);
  RVT_ALL_PAIRS(h, zbs_binv);
  RVT_ALL_PAIRS(h, zbs_bext);
  for (int i = 0; i < RVT_NVALUES; i++) {
    u64 x = rvt_v(i);
    BIT_IMM(h, x, 0);
    BIT_IMM(h, x, 1);
    BIT_IMM(h, x, 31);
    BIT_IMM(h, x, 32);
    BIT_IMM(h, x, 63);
  }
  return h;
}
