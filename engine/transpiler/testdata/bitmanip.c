/*
 * Zba, Zbb, Zbs and Zicond: C patterns that LLVM turns into those instructions when the
 * extensions are enabled (and into RV64IM sequences when they are not), and every
 * instruction once more in inline asm when its extension is on (__riscv_zba etc.), so
 * each one runs even where the compiler would not pick it. On the host, and for a
 * target without the extension, the C meaning of each. Edge values cover zero inputs
 * of clz/ctz, shift and rotate amounts at and above 31/32/63/64, and bytes with and
 * without their top bit.
 */
#include "rvtest.h"

static const u64 VALUES[] = {
  0, 1, 2, 31, 32, 33, 63, 64, 65, 127, (u64)-1, (u64)-7, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000UL,
  0xffffffff80000000UL, 0x7fffffffffffffffUL, 0x8000000000000000UL, 0x123456789abcdef0UL, 0x0080ff0001007f00UL,
};
#define N (sizeof VALUES / sizeof VALUES[0])

static inline u64 rotl64(u64 a, unsigned n) { n &= 63; return (a << n) | (a >> ((64 - n) & 63)); }
static inline u32 rotl32(u32 a, unsigned n) { n &= 31; return (a << n) | (a >> ((32 - n) & 31)); }
static inline u64 orcb(u64 a) {
  u64 r = 0;
  for (int i = 0; i < 8; i++) if ((a >> (8 * i)) & 0xff) r |= 0xffUL << (8 * i);
  return r;
}

#if defined(__riscv)
#define ASM2(ins, a, b) ({ u64 _r; __asm__ volatile(ins " %0, %1, %2" : "=r"(_r) : "r"((u64)(a)), "r"((u64)(b))); _r; })
#define ASM1(ins, a) ({ u64 _r; __asm__ volatile(ins " %0, %1" : "=r"(_r) : "r"((u64)(a))); _r; })
#define ASMI(ins, a, i) ({ u64 _r; __asm__ volatile(ins " %0, %1, %2" : "=r"(_r) : "r"((u64)(a)), "i"(i)); _r; })
#endif

#if defined(__riscv_zba)
#define Z_SH1ADD(a, b) ASM2("sh1add", a, b)
#define Z_SH2ADD(a, b) ASM2("sh2add", a, b)
#define Z_SH3ADD(a, b) ASM2("sh3add", a, b)
#define Z_ADDUW(a, b) ASM2("add.uw", a, b)
#define Z_SH1ADDUW(a, b) ASM2("sh1add.uw", a, b)
#define Z_SH2ADDUW(a, b) ASM2("sh2add.uw", a, b)
#define Z_SH3ADDUW(a, b) ASM2("sh3add.uw", a, b)
#define Z_SLLIUW(a, i) ASMI("slli.uw", a, i)
#else
#define Z_SH1ADD(a, b) ((b) + ((a) << 1))
#define Z_SH2ADD(a, b) ((b) + ((a) << 2))
#define Z_SH3ADD(a, b) ((b) + ((a) << 3))
#define Z_ADDUW(a, b) ((b) + (u64)(u32)(a))
#define Z_SH1ADDUW(a, b) ((b) + ((u64)(u32)(a) << 1))
#define Z_SH2ADDUW(a, b) ((b) + ((u64)(u32)(a) << 2))
#define Z_SH3ADDUW(a, b) ((b) + ((u64)(u32)(a) << 3))
#define Z_SLLIUW(a, i) ((u64)(u32)(a) << (i))
#endif

#if defined(__riscv_zbb)
#define Z_ANDN(a, b) ASM2("andn", a, b)
#define Z_ORN(a, b) ASM2("orn", a, b)
#define Z_XNOR(a, b) ASM2("xnor", a, b)
#define Z_CLZ(a) ASM1("clz", a)
#define Z_CTZ(a) ASM1("ctz", a)
#define Z_CPOP(a) ASM1("cpop", a)
#define Z_CLZW(a) ASM1("clzw", a)
#define Z_CTZW(a) ASM1("ctzw", a)
#define Z_CPOPW(a) ASM1("cpopw", a)
#define Z_MAX(a, b) ASM2("max", a, b)
#define Z_MAXU(a, b) ASM2("maxu", a, b)
#define Z_MIN(a, b) ASM2("min", a, b)
#define Z_MINU(a, b) ASM2("minu", a, b)
#define Z_SEXTB(a) ASM1("sext.b", a)
#define Z_SEXTH(a) ASM1("sext.h", a)
#define Z_ZEXTH(a) ASM1("zext.h", a)
#define Z_ROL(a, b) ASM2("rol", a, b)
#define Z_ROR(a, b) ASM2("ror", a, b)
#define Z_ROLW(a, b) ASM2("rolw", a, b)
#define Z_RORW(a, b) ASM2("rorw", a, b)
#define Z_RORI(a, i) ASMI("rori", a, i)
#define Z_RORIW(a, i) ASMI("roriw", a, i)
#define Z_REV8(a) ASM1("rev8", a)
#define Z_ORCB(a) ASM1("orc.b", a)
#else
#define Z_ANDN(a, b) ((a) & ~(b))
#define Z_ORN(a, b) ((a) | ~(b))
#define Z_XNOR(a, b) (~((a) ^ (b)))
#define Z_CLZ(a) ((a) ? (u64)__builtin_clzll(a) : 64)
#define Z_CTZ(a) ((a) ? (u64)__builtin_ctzll(a) : 64)
#define Z_CPOP(a) ((u64)__builtin_popcountll(a))
#define Z_CLZW(a) ((u32)(a) ? (u64)__builtin_clz((u32)(a)) : 32)
#define Z_CTZW(a) ((u32)(a) ? (u64)__builtin_ctz((u32)(a)) : 32)
#define Z_CPOPW(a) ((u64)__builtin_popcount((u32)(a)))
#define Z_MAX(a, b) ((i64)(a) < (i64)(b) ? (b) : (a))
#define Z_MAXU(a, b) ((a) < (b) ? (b) : (a))
#define Z_MIN(a, b) ((i64)(a) < (i64)(b) ? (a) : (b))
#define Z_MINU(a, b) ((a) < (b) ? (a) : (b))
#define Z_SEXTB(a) ((u64)(i64)(signed char)(a))
#define Z_SEXTH(a) ((u64)(i64)(short)(a))
#define Z_ZEXTH(a) ((u64)(unsigned short)(a))
#define Z_ROL(a, b) rotl64(a, (unsigned)(b))
#define Z_ROR(a, b) rotl64(a, 64 - ((unsigned)(b) & 63))
#define Z_ROLW(a, b) ((u64)(i64)(i32)rotl32((u32)(a), (unsigned)(b)))
#define Z_RORW(a, b) ((u64)(i64)(i32)rotl32((u32)(a), 32 - ((unsigned)(b) & 31)))
#define Z_RORI(a, i) rotl64(a, 64 - (i))
#define Z_RORIW(a, i) ((u64)(i64)(i32)rotl32((u32)(a), 32 - (i)))
#define Z_REV8(a) __builtin_bswap64(a)
#define Z_ORCB(a) orcb(a)
#endif

#if defined(__riscv_zbs)
#define Z_BSET(a, b) ASM2("bset", a, b)
#define Z_BCLR(a, b) ASM2("bclr", a, b)
#define Z_BINV(a, b) ASM2("binv", a, b)
#define Z_BEXT(a, b) ASM2("bext", a, b)
#define Z_BSETI(a, i) ASMI("bseti", a, i)
#define Z_BCLRI(a, i) ASMI("bclri", a, i)
#define Z_BINVI(a, i) ASMI("binvi", a, i)
#define Z_BEXTI(a, i) ASMI("bexti", a, i)
#else
#define Z_BSET(a, b) ((a) | (1UL << ((b) & 63)))
#define Z_BCLR(a, b) ((a) & ~(1UL << ((b) & 63)))
#define Z_BINV(a, b) ((a) ^ (1UL << ((b) & 63)))
#define Z_BEXT(a, b) (((a) >> ((b) & 63)) & 1)
#define Z_BSETI(a, i) ((a) | (1UL << (i)))
#define Z_BCLRI(a, i) ((a) & ~(1UL << (i)))
#define Z_BINVI(a, i) ((a) ^ (1UL << (i)))
#define Z_BEXTI(a, i) (((a) >> (i)) & 1)
#endif

#if defined(__riscv_zicond)
#define Z_CZEROEQZ(a, c) ASM2("czero.eqz", a, c)
#define Z_CZERONEZ(a, c) ASM2("czero.nez", a, c)
#else
#define Z_CZEROEQZ(a, c) ((c) ? (a) : 0)
#define Z_CZERONEZ(a, c) ((c) ? 0 : (a))
#endif

/* What the compiler makes of plain C when the extensions are on. */
NOINLINE static u64 compiled(u64 h, u64 a, u64 b) {
  static u64 table[8] = {3, 1, 4, 1, 5, 9, 2, 6};
  static unsigned short shorts[8] = {0x8001, 2, 3, 4, 5, 6, 7, 0xffff};
  u32 ua = (u32)a, ub = (u32)b;
  h = mix(h, a & ~b);
  h = mix(h, a | ~b);
  h = mix(h, ~(a ^ b));
  h = mix(h, a ? (u64)__builtin_clzll(a) : 64);
  h = mix(h, a ? (u64)__builtin_ctzll(a) : 64);
  h = mix(h, (u64)__builtin_popcountll(a));
  h = mix(h, ua ? (u64)__builtin_clz(ua) : 32);
  h = mix(h, ua ? (u64)__builtin_ctz(ua) : 32);
  h = mix(h, (u64)__builtin_popcount(ua));
  h = mix(h, (i64)a < (i64)b ? a : b);
  h = mix(h, (i64)a < (i64)b ? b : a);
  h = mix(h, a < b ? a : b);
  h = mix(h, a < b ? b : a);
  h = mix(h, (u64)(i64)(signed char)a);
  h = mix(h, (u64)(i64)(short)a);
  h = mix(h, (u64)(unsigned short)a);
  h = mix(h, rotl64(a, (unsigned)b));
  h = mix(h, rotl64(a, 64 - ((unsigned)b & 63)));
  h = mix(h, (u64)(i64)(i32)rotl32(ua, (unsigned)b));
  h = mix(h, rotl64(a, 13));
  h = mix(h, (u64)(i64)(i32)rotl32(ua, 7));
  h = mix(h, __builtin_bswap64(a));
  h = mix(h, (u64)__builtin_bswap32(ua));
  h = mix(h, b + (a << 1));
  h = mix(h, b + (a << 2));
  h = mix(h, b + (a << 3));
  h = mix(h, b + (u64)ua);
  h = mix(h, b + ((u64)ua << 3));
  h = mix(h, (u64)ua << 5);
  h = mix(h, table[a & 7] + shorts[b & 7]);
  h = mix(h, a | (1UL << (b & 63)));
  h = mix(h, a & ~(1UL << (b & 63)));
  h = mix(h, a ^ (1UL << (b & 63)));
  h = mix(h, (a >> (b & 63)) & 1);
  h = mix(h, a | (1UL << 40));
  h = mix(h, a & ~(1UL << 45));
  h = mix(h, a ^ (1UL << 63));
  h = mix(h, (a >> 50) & 1);
  h = mix(h, OPAQUE(b) ? a : 0);
  h = mix(h, OPAQUE(b) ? 0 : a);
  h = mix(h, OPAQUE(a) > 100 ? a + b : b);
  return h;
}

/* Every instruction of the enabled extensions, once each. */
NOINLINE static u64 direct(u64 h, u64 a, u64 b) {
  h = mix(h, Z_SH1ADD(a, b)); h = mix(h, Z_SH2ADD(a, b)); h = mix(h, Z_SH3ADD(a, b));
  h = mix(h, Z_ADDUW(a, b)); h = mix(h, Z_SH1ADDUW(a, b)); h = mix(h, Z_SH2ADDUW(a, b)); h = mix(h, Z_SH3ADDUW(a, b));
  h = mix(h, Z_SLLIUW(a, 0)); h = mix(h, Z_SLLIUW(a, 7)); h = mix(h, Z_SLLIUW(a, 32)); h = mix(h, Z_SLLIUW(a, 40));
  h = mix(h, Z_ANDN(a, b)); h = mix(h, Z_ORN(a, b)); h = mix(h, Z_XNOR(a, b));
  h = mix(h, Z_CLZ(a)); h = mix(h, Z_CTZ(a)); h = mix(h, Z_CPOP(a));
  h = mix(h, Z_CLZW(a)); h = mix(h, Z_CTZW(a)); h = mix(h, Z_CPOPW(a));
  h = mix(h, Z_MAX(a, b)); h = mix(h, Z_MAXU(a, b)); h = mix(h, Z_MIN(a, b)); h = mix(h, Z_MINU(a, b));
  h = mix(h, Z_SEXTB(a)); h = mix(h, Z_SEXTH(a)); h = mix(h, Z_ZEXTH(a));
  h = mix(h, Z_ROL(a, b)); h = mix(h, Z_ROR(a, b)); h = mix(h, Z_ROLW(a, b)); h = mix(h, Z_RORW(a, b));
  h = mix(h, Z_RORI(a, 1)); h = mix(h, Z_RORI(a, 63)); h = mix(h, Z_RORIW(a, 1)); h = mix(h, Z_RORIW(a, 31));
  h = mix(h, Z_REV8(a)); h = mix(h, Z_ORCB(a));
  h = mix(h, Z_BSET(a, b)); h = mix(h, Z_BCLR(a, b)); h = mix(h, Z_BINV(a, b)); h = mix(h, Z_BEXT(a, b));
  h = mix(h, Z_BSETI(a, 3)); h = mix(h, Z_BSETI(a, 31)); h = mix(h, Z_BSETI(a, 63));
  h = mix(h, Z_BCLRI(a, 0)); h = mix(h, Z_BCLRI(a, 31)); h = mix(h, Z_BCLRI(a, 62));
  h = mix(h, Z_BINVI(a, 30)); h = mix(h, Z_BINVI(a, 32)); h = mix(h, Z_BINVI(a, 63));
  h = mix(h, Z_BEXTI(a, 0)); h = mix(h, Z_BEXTI(a, 31)); h = mix(h, Z_BEXTI(a, 63));
  h = mix(h, Z_CZEROEQZ(a, b)); h = mix(h, Z_CZERONEZ(a, b));
  return h;
}

u64 run(void) {
  u64 h = 0;
  for (unsigned i = 0; i < N; i++) {
    for (unsigned j = 0; j < N; j++) {
      u64 a = OPAQUE(VALUES[i]), b = OPAQUE(VALUES[j]);
      h = compiled(h, a, b);
      h = direct(h, a, b);
    }
  }
  return h;
}
