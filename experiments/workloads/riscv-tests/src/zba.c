/*
 * riscv-tests group `zba`: address generation (Zba). `.uw` forms zero-extend the low 32
 * bits of rs1 first; add.uw with rs2 = x0 is zext.w.
 *   shNadd rd, rs1, rs2 = rs2 + (rs1 << N)      add.uw rd, rs1, rs2 = rs2 + zext32(rs1)
 *   slli.uw rd, rs1, sh = zext32(rs1) << sh
 */
#include "rvt.h"

#define ZEXT32(x) ((u64)(u32)(x))

ZBA_R(zba_add_uw, "add.uw", b + ZEXT32(a))
ZBA_R(zba_sh1add, "sh1add", b + (a << 1))
ZBA_R(zba_sh2add, "sh2add", b + (a << 2))
ZBA_R(zba_sh3add, "sh3add", b + (a << 3))
ZBA_R(zba_sh1add_uw, "sh1add.uw", b + (ZEXT32(a) << 1))
ZBA_R(zba_sh2add_uw, "sh2add.uw", b + (ZEXT32(a) << 2))
ZBA_R(zba_sh3add_uw, "sh3add.uw", b + (ZEXT32(a) << 3))

#define SLLI_UW(h, x, s) h = rvt_mix(h, ZBA_I("slli.uw", x, s, ZEXT32(x) << (s)))

u64 rvt_zba(void) {
  u64 h = 7;
  RVT_ALL_PAIRS(h, zba_add_uw);
  RVT_ALL_PAIRS(h, zba_sh1add);
  RVT_ALL_PAIRS(h, zba_sh2add);
  RVT_ALL_PAIRS(h, zba_sh3add);
  RVT_ALL_PAIRS(h, zba_sh1add_uw);
  RVT_ALL_PAIRS(h, zba_sh2add_uw);
  RVT_ALL_PAIRS(h, zba_sh3add_uw);
  for (int i = 0; i < RVT_NVALUES; i++) {
    u64 x = rvt_v(i);
    SLLI_UW(h, x, 0);
    SLLI_UW(h, x, 1);
    SLLI_UW(h, x, 5);
    SLLI_UW(h, x, 31);
    SLLI_UW(h, x, 32);
    SLLI_UW(h, x, 63);
  }
  return h;
}
