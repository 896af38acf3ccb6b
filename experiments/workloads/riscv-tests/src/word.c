/*
 * riscv-tests group `word`: RV64I 32-bit ("W") operations. Each works on the low 32
 * bits and sign-extends its 32-bit result to 64 bits; register shift amounts use only
 * the low 5 bits (so 32, 33, 63, 64 ... wrap).
 */
#include "rvt.h"

BASE_R(rv_addw, "addw", sext32(a + b))
BASE_R(rv_subw, "subw", sext32(a - b))
BASE_R(rv_sllw, "sllw", sext32((u64)((u32)a << (b & 31))))
BASE_R(rv_srlw, "srlw", sext32((u64)((u32)a >> (b & 31))))
BASE_R(rv_sraw, "sraw", sra64(sext32(a), (unsigned)(b & 31)))

#define WORD_IMM(h, x, imm) h = rvt_mix(h, BASE_I("addiw", x, imm, sext32(x + (u64)(i64)(imm))))
#define WORD_SHIFT(h, x, s)                                                    \
  do {                                                                         \
    h = rvt_mix(h, BASE_I("slliw", x, s, sext32((u64)((u32)x << (s)))));       \
    h = rvt_mix(h, BASE_I("srliw", x, s, sext32((u64)((u32)x >> (s)))));       \
    h = rvt_mix(h, BASE_I("sraiw", x, s, sra64(sext32(x), (s))));              \
  } while (0)

u64 rvt_word(void) {
  u64 h = 3;
  RVT_ALL_PAIRS(h, rv_addw);
  RVT_ALL_PAIRS(h, rv_subw);
  RVT_ALL_PAIRS(h, rv_sllw);
  RVT_ALL_PAIRS(h, rv_srlw);
  RVT_ALL_PAIRS(h, rv_sraw);
  for (int i = 0; i < RVT_NVALUES; i++) {
    u64 x = rvt_v(i);
    WORD_IMM(h, x, -2048);
    WORD_IMM(h, x, -1);
    WORD_IMM(h, x, 0); /* addiw rd, rs, 0 is sext.w */
    WORD_IMM(h, x, 1);
    WORD_IMM(h, x, 2047);
    WORD_SHIFT(h, x, 0);
    WORD_SHIFT(h, x, 1);
    WORD_SHIFT(h, x, 15);
    WORD_SHIFT(h, x, 16);
    WORD_SHIFT(h, x, 31);
  }
  return h;
}
