/*
 * riscv-tests group `zicond`: integer conditional operations (Zicond).
 *   czero.eqz rd, rs1, rs2 = rs2 == 0 ? 0 : rs1
 *   czero.nez rd, rs1, rs2 = rs2 != 0 ? 0 : rs1
 * plus the two-instruction select they exist for (rd = c ? a : b).
 */
#include "rvt.h"

ZICOND_R(zc_eqz, "czero.eqz", b == 0 ? 0 : a)
ZICOND_R(zc_nez, "czero.nez", b != 0 ? 0 : a)

static inline u64 select3(u64 c, u64 a, u64 b) { return zc_eqz(a, c) | zc_nez(b, c); }

u64 rvt_zicond(void) {
  u64 h = 10;
  RVT_ALL_PAIRS(h, zc_eqz);
  RVT_ALL_PAIRS(h, zc_nez);
  for (int i = 0; i < RVT_NVALUES; i++)
    for (int j = 0; j < RVT_NVALUES; j += 5) h = rvt_mix(h, select3(rvt_v(i) & 3, rvt_v(j), rvt_v(i)));
  return h;
}
