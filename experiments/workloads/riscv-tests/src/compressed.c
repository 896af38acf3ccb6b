/*
 * riscv-tests group `compressed`: every integer RV64C instruction, issued explicitly
 * when the C extension is on (the compiler also compresses most of every other group).
 * Operands live in x8..x15 (a0..a5), the registers the 3-bit compressed fields reach,
 * pinned with register variables so any clang accepts the asm. c.ebreak is left out: it
 * ends the run. Expansions (ISA manual, "C" chapter):
 *   c.addi rd, imm = addi rd, rd, imm       c.addiw = addiw      c.li rd, imm = addi rd, x0, imm
 *   c.lui rd, imm = lui rd, imm (6-bit signed imm[17:12])        c.slli/srli/srai/andi = the I forms
 *   c.add/sub/xor/or/and/addw/subw rd, rs2 = op rd, rd, rs2      c.mv rd, rs2 = add rd, x0, rs2
 *   c.lw/ld/sw/sd: scaled unsigned offsets                       c.lwsp/ldsp/swsp/sdsp: from sp
 *   c.addi4spn rd, sp, imm = addi rd, sp, imm                   c.addi16sp sp, imm = addi sp, sp, imm
 *   c.j / c.beqz / c.bnez / c.jr / c.jalr: jal x0 / beq rs, x0 / bne rs, x0 / jalr x0 / jalr ra
 */
#include "rvt.h"

#if RVT_C
#define C_RR(name, mn, model)                                  \
  static inline u64 name(u64 a, u64 b) {                       \
    register u64 x_ __asm__("a0") = a;                         \
    register u64 y_ __asm__("a1") = b;                         \
    __asm__ volatile(mn " a0, a1" : "+r"(x_) : "r"(y_));       \
    return x_;                                                 \
  }
#define C_RI(mn, a, imm, model)                                     \
  ({                                                                \
    register u64 x_ __asm__("a0") = (a);                            \
    __asm__ volatile(mn " a0, %1" : "+r"(x_) : "i"(imm));           \
    (u64)x_;                                                        \
  })
#else
#define C_RR(name, mn, model) \
  static inline u64 name(u64 a, u64 b) { return (u64)(model); }
#define C_RI(mn, a, imm, model) ((u64)(model))
#endif

C_RR(c_add, "c.add", a + b)
C_RR(c_sub, "c.sub", a - b)
C_RR(c_xor, "c.xor", a ^ b)
C_RR(c_or, "c.or", a | b)
C_RR(c_and, "c.and", a & b)
C_RR(c_addw, "c.addw", sext32(a + b))
C_RR(c_subw, "c.subw", sext32(a - b))
C_RR(c_mv, "c.mv", b)

#define SIMM(imm) ((u64)(i64)(imm))
#define C_IMM(h, x)                                                               \
  do {                                                                            \
    h = rvt_mix(h, C_RI("c.addi", x, -32, x + SIMM(-32)));                         \
    h = rvt_mix(h, C_RI("c.addi", x, 31, x + SIMM(31)));                           \
    h = rvt_mix(h, C_RI("c.addiw", x, 0, sext32(x)));                              \
    h = rvt_mix(h, C_RI("c.addiw", x, -1, sext32(x - 1)));                         \
    h = rvt_mix(h, C_RI("c.slli", x, 1, x << 1));                                  \
    h = rvt_mix(h, C_RI("c.slli", x, 63, x << 63));                                \
    h = rvt_mix(h, C_RI("c.srli", x, 3, x >> 3));                                  \
    h = rvt_mix(h, C_RI("c.srli", x, 32, x >> 32));                                \
    h = rvt_mix(h, C_RI("c.srai", x, 1, sra64(x, 1)));                             \
    h = rvt_mix(h, C_RI("c.srai", x, 63, sra64(x, 63)));                           \
    h = rvt_mix(h, C_RI("c.andi", x, -32, x & SIMM(-32)));                         \
    h = rvt_mix(h, C_RI("c.andi", x, 21, x & 21));                                 \
  } while (0)

/* c.li and c.lui write a constant: the "input" is overwritten. */
#define C_CONST(h)                                                                \
  do {                                                                            \
    h = rvt_mix(h, C_RI("c.li", 0, -32, SIMM(-32)));                               \
    h = rvt_mix(h, C_RI("c.li", 0, 31, 31));                                       \
    h = rvt_mix(h, C_RI("c.lui", 0, 1, (u64)1 << 12));                             \
    h = rvt_mix(h, C_RI("c.lui", 0, 31, (u64)31 << 12));                           \
    h = rvt_mix(h, C_RI("c.lui", 0, 0xfffe0, sext32((u64)0xfffe0 << 12)));         \
    h = rvt_mix(h, C_RI("c.lui", 0, 0xfffff, sext32((u64)0xfffff << 12)));         \
  } while (0)

static u64 cbuf[40];

/* c.sw/c.sd then c.lw/c.ld through a base register (a2), at the largest offsets too. */
static u64 c_memory(u64 v) {
#if RVT_C
  register u64 val __asm__("a0") = v;
  register u64 lw_ __asm__("a1");
  register u64 *base __asm__("a2") = cbuf;
  register u64 ld_ __asm__("a3");
  register u64 lw2 __asm__("a4");
  __asm__ volatile(
      "c.sd a0, 248(a2)\n\t"
      "c.sw a0, 124(a2)\n\t"
      "c.sw a0, 4(a2)\n\t"
      "c.lw a1, 124(a2)\n\t"
      "c.ld a3, 248(a2)\n\t"
      "c.ld a4, 120(a2)\n\t"
      : "=&r"(lw_), "=&r"(ld_), "=&r"(lw2)
      : "r"(val), "r"(base)
      : "memory");
  return rvt_mix(rvt_mix(rvt_mix(lw_, ld_), lw2), cbuf[0]);
#else
  u32 lo = (u32)v;
  cbuf[31] = v;
  cbuf[15] = (cbuf[15] & 0xffffffffu) | ((u64)lo << 32);
  cbuf[0] = (cbuf[0] & 0xffffffffu) | ((u64)lo << 32);
  u64 lw_ = sext32(lo), ld_ = v, lw2 = cbuf[15];
  return rvt_mix(rvt_mix(rvt_mix(lw_, ld_), lw2), cbuf[0]);
#endif
}

/* The sp-relative forms inside a 64-byte frame of their own; sp is restored. */
static u64 c_stack(u64 a, u64 b) {
#if RVT_C
  register u64 x __asm__("a0") = a;
  register u64 y __asm__("a1") = b;
  register u64 d __asm__("a2");
  register u64 w __asm__("a3");
  register u64 off __asm__("a4");
  __asm__ volatile(
      "c.addi16sp sp, -64\n\t"
      "c.sdsp a0, 8(sp)\n\t"
      "c.swsp a1, 20(sp)\n\t"
      "c.ldsp a2, 8(sp)\n\t"
      "c.lwsp a3, 20(sp)\n\t"
      "c.addi4spn a4, sp, 48\n\t"
      "sub a4, a4, sp\n\t"
      "c.addi16sp sp, 64\n\t"
      : "=&r"(d), "=&r"(w), "=&r"(off)
      : "r"(x), "r"(y)
      : "memory");
  return rvt_mix(rvt_mix(d, w), off);
#else
  return rvt_mix(rvt_mix(a, sext32(b)), 48);
#endif
}

/* c.beqz, c.bnez, c.j and c.nop: which of three increments run. */
static u64 c_branches(u64 a, u64 b) {
#if RVT_C
  register u64 x __asm__("a0") = a;
  register u64 y __asm__("a1") = b;
  register u64 r __asm__("a2");
  __asm__ volatile(
      "c.li a2, 0\n\t"
      "c.beqz a0, 1f\n\t"
      "c.addi a2, 1\n"
      "1:\n\t"
      "c.bnez a1, 2f\n\t"
      "c.addi a2, 2\n"
      "2:\n\t"
      "c.nop\n\t"
      "c.j 3f\n\t"
      "c.addi a2, 4\n"
      "3:\n\t"
      : "=&r"(r)
      : "r"(x), "r"(y));
  return r;
#else
  return (a != 0 ? 1 : 0) + (b == 0 ? 2 : 0);
#endif
}

__attribute__((noinline)) static u64 c_callee(u64 x) { return x * 7 + 1; }

/* c.jalr through a function pointer (a5); the callee returns with c.jr ra. */
static u64 c_call(u64 v) {
#if RVT_C
  register u64 arg __asm__("a0") = v;
  register u64 (*fn)(u64) __asm__("a5") = c_callee;
  __asm__ volatile("c.jalr a5"
                   : "+r"(arg), "+r"(fn)
                   :
                   : "ra", "t0", "t1", "t2", "a1", "a2", "a3", "a4", "memory");
  return arg;
#else
  return c_callee(v);
#endif
}

u64 rvt_compressed(void) {
  u64 h = 11;
  RVT_ALL_PAIRS(h, c_add);
  RVT_ALL_PAIRS(h, c_sub);
  RVT_ALL_PAIRS(h, c_xor);
  RVT_ALL_PAIRS(h, c_or);
  RVT_ALL_PAIRS(h, c_and);
  RVT_ALL_PAIRS(h, c_addw);
  RVT_ALL_PAIRS(h, c_subw);
  RVT_ALL_PAIRS(h, c_mv);
  for (int i = 0; i < RVT_NVALUES; i++) {
    u64 x = rvt_v(i);
    C_IMM(h, x);
    h = rvt_mix(h, c_memory(x));
    h = rvt_mix(h, c_stack(x, rvt_v((i + 7) % RVT_NVALUES)));
    h = rvt_mix(h, c_branches(x, rvt_v((i + 3) % RVT_NVALUES)));
    h = rvt_mix(h, c_call(x));
  }
  C_CONST(h);
  return h;
}
