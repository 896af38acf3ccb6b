/*
 * riscv-tests group `zbb`: basic bit manipulation (Zbb): logic with negation, counts
 * (clz/ctz of 0 are the width: 64, or 32 for the W forms), min/max signed and unsigned,
 * sign/zero extension, rotates (amount masked to 6 or 5 bits; W forms sign-extend),
 * orc.b and rev8.
 */
#include "rvt.h"

RVT_MODEL u64 m_rol(u64 x, unsigned s) {
  s &= 63;
  return s ? (x << s) | (x >> (64 - s)) : x;
}
RVT_MODEL u64 m_rolw(u64 x, unsigned s) {
  u32 w = (u32)x;
  s &= 31;
  return sext32(s ? (u32)((w << s) | (w >> (32 - s))) : w);
}
RVT_MODEL u64 m_clz(u64 x) {
  int n = 0;
  for (u64 bit = (u64)1 << 63; bit != 0 && !(x & bit); bit >>= 1) n++;
  return (u64)n;
}
RVT_MODEL u64 m_ctz(u64 x, int width) {
  int n = 0;
  while (n < width && !((x >> n) & 1)) n++;
  return (u64)n;
}
RVT_MODEL u64 m_cpop(u64 x) {
  u64 n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
RVT_MODEL u64 m_orcb(u64 x) {
  u64 r = 0;
  for (int i = 0; i < 64; i += 8)
    if ((x >> i) & 0xff) r |= (u64)0xff << i;
  return r;
}
RVT_MODEL u64 m_rev8(u64 x) {
  u64 r = 0;
  for (int i = 0; i < 8; i++) r = (r << 8) | ((x >> (8 * i)) & 0xff);
  return r;
}

ZBB_R(zbb_andn, "andn", a & ~b)
ZBB_R(zbb_orn, "orn", a | ~b)
ZBB_R(zbb_xnor, "xnor", ~(a ^ b))
ZBB_R(zbb_max, "max", (i64)a > (i64)b ? a : b)
ZBB_R(zbb_maxu, "maxu", a > b ? a : b)
ZBB_R(zbb_min, "min", (i64)a < (i64)b ? a : b)
ZBB_R(zbb_minu, "minu", a < b ? a : b)
ZBB_R(zbb_rol, "rol", m_rol(a, (unsigned)b))
ZBB_R(zbb_ror, "ror", m_rol(a, (unsigned)(64 - (b & 63))))
ZBB_R(zbb_rolw, "rolw", m_rolw(a, (unsigned)b))
ZBB_R(zbb_rorw, "rorw", m_rolw(a, (unsigned)(32 - (b & 31))))
ZBB_U(zbb_clz, "clz", m_clz(a))
ZBB_U(zbb_clzw, "clzw", (u32)a == 0 ? 32 : m_clz((u32)a) - 32)
ZBB_U(zbb_ctz, "ctz", m_ctz(a, 64))
ZBB_U(zbb_ctzw, "ctzw", m_ctz((u32)a, 32))
ZBB_U(zbb_cpop, "cpop", m_cpop(a))
ZBB_U(zbb_cpopw, "cpopw", m_cpop((u32)a))
ZBB_U(zbb_sext_b, "sext.b", ((a & 0xff) ^ 0x80) - 0x80)
ZBB_U(zbb_sext_h, "sext.h", ((a & 0xffff) ^ 0x8000) - 0x8000)
ZBB_U(zbb_zext_h, "zext.h", a & 0xffff)
ZBB_U(zbb_orc_b, "orc.b", m_orcb(a))
ZBB_U(zbb_rev8, "rev8", m_rev8(a))

#define RORI(h, x, s) h = rvt_mix(h, ZBB_I("rori", x, s, m_rol(x, (unsigned)(64 - (s)))))
#define RORIW(h, x, s) h = rvt_mix(h, ZBB_I("roriw", x, s, m_rolw(x, (unsigned)(32 - (s)))))

u64 rvt_zbb(void) {
  u64 h = 8;
  RVT_ALL_PAIRS(h, zbb_andn);
  RVT_ALL_PAIRS(h, zbb_orn);
  RVT_ALL_PAIRS(h, zbb_xnor);
  RVT_ALL_PAIRS(h, zbb_max);
  RVT_ALL_PAIRS(h, zbb_maxu);
  RVT_ALL_PAIRS(h, zbb_min);
  RVT_ALL_PAIRS(h, zbb_minu);
  RVT_ALL_PAIRS(h, zbb_rol);
  RVT_ALL_PAIRS(h, zbb_ror);
  RVT_ALL_PAIRS(h, zbb_rolw);
  RVT_ALL_PAIRS(h, zbb_rorw);
  RVT_ALL(h, x, zbb_clz(x));
  RVT_ALL(h, x, zbb_clzw(x));
  RVT_ALL(h, x, zbb_ctz(x));
  RVT_ALL(h, x, zbb_ctzw(x));
  RVT_ALL(h, x, zbb_cpop(x));
  RVT_ALL(h, x, zbb_cpopw(x));
  RVT_ALL(h, x, zbb_sext_b(x));
  RVT_ALL(h, x, zbb_sext_h(x));
  RVT_ALL(h, x, zbb_zext_h(x));
  RVT_ALL(h, x, zbb_orc_b(x));
  RVT_ALL(h, x, zbb_rev8(x));
  for (int i = 0; i < RVT_NVALUES; i++) {
    u64 x = rvt_v(i);
    RORI(h, x, 0);
    RORI(h, x, 1);
    RORI(h, x, 31);
    RORI(h, x, 32);
    RORI(h, x, 63);
    RORIW(h, x, 0);
    RORIW(h, x, 1);
    RORIW(h, x, 16);
    RORIW(h, x, 31);
  }
  return h;
}
