/*
 * riscv-tests: shared definitions of the RISC-V semantic test suite.
 *
 * Every test group is a function `uint64_t rvt_<group>(void)` that runs one family of
 * instructions over a table of edge-case operands and folds every result into a
 * checksum. The same source builds two ways:
 *
 *   - for the PVM guest (clang, __riscv defined): each instruction under test is issued
 *     by inline assembly, so it runs exactly as written whatever the optimiser does;
 *   - natively (x86-64, the reference): each instruction is replaced by a C model of
 *     its semantics from the RISC-V Unprivileged ISA specification, written without
 *     undefined behaviour (unsigned wrap-around, explicit shift masks, explicit
 *     division-by-zero and overflow results).
 *
 * An extension's instructions are issued only when the compiler targets it
 * (__riscv_zba, __riscv_zbb, __riscv_zbs, __riscv_zicond, __riscv_c); otherwise the guest
 * runs the C model, compiled to plain rv64em. So the checksum is the same for every
 * extension set, and equal to the native one.
 *
 * Operands come from `rvt_values`, read through a volatile pointer so the compiler can
 * fold nothing, not even in the model paths.
 */
#ifndef RVT_H
#define RVT_H

#include <stdint.h>

typedef uint64_t u64;
typedef int64_t i64;
typedef uint32_t u32;
typedef int32_t i32;

#define RVT_NVALUES 32
extern volatile u64 rvt_values[RVT_NVALUES];

/* Operand i of the table (a fresh volatile load every time). */
static inline u64 rvt_v(int i) { return rvt_values[i]; }

/* Folds `v` into the checksum `h` (multiply-xorshift; plain u64 arithmetic). */
static inline u64 rvt_mix(u64 h, u64 v) {
  h ^= v;
  h *= 0x9e3779b97f4a7c15ull;
  h ^= h >> 29;
  return h;
}

/* Helpers only the C models use: on the guest build some are unused. */
#define RVT_MODEL static inline __attribute__((unused))

/* Sign-extends the low 32 bits (what every RV64 W-form does with its result). */
static inline u64 sext32(u64 x) { return (u64)(i64)(i32)(u32)x; }
/* Arithmetic right shift without implementation-defined behaviour. */
static inline u64 sra64(u64 x, unsigned s) {
  s &= 63;
  u64 sign = (x >> 63) ? ~(u64)0 : 0;
  return s == 0 ? x : (x >> s) | (sign << (64 - s));
}

/* ---- instruction wrappers --------------------------------------------------------
 * <EXT>_R(name, "mnemonic", model)   defines u64 name(u64 a, u64 b)   register-register
 * <EXT>_U(name, "mnemonic", model)   defines u64 name(u64 a)          one source register
 * <EXT>_I("mnemonic", a, imm, model) an expression                    register-immediate
 * with EXT one of BASE (RV64I/M), ZBA, ZBB, ZBS, ZICOND. The choice between the asm and
 * the model is made by the preprocessor, so an instruction the target lacks never
 * reaches the assembler. */
#define RVT_ASM_R(name, mn)                                              \
  static inline u64 name(u64 a, u64 b) {                                 \
    u64 r;                                                               \
    __asm__ volatile(mn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));       \
    return r;                                                            \
  }
#define RVT_ASM_U(name, mn)                                   \
  static inline u64 name(u64 a) {                             \
    u64 r;                                                    \
    __asm__ volatile(mn " %0, %1" : "=r"(r) : "r"(a));        \
    return r;                                                 \
  }
#define RVT_ASM_I(mn, a, imm)                                          \
  ({                                                                   \
    u64 r_, a_ = (a);                                                  \
    __asm__ volatile(mn " %0, %1, %2" : "=r"(r_) : "r"(a_), "i"(imm)); \
    r_;                                                                \
  })
#define RVT_MODEL_R(name, model) \
  static inline u64 name(u64 a, u64 b) { return (u64)(model); }
#define RVT_MODEL_U(name, model) \
  static inline u64 name(u64 a) { return (u64)(model); }
#define RVT_MODEL_I(a, imm, model) \
  ({                               \
    u64 a_ = (a);                  \
    (void)a_;                      \
    (u64)(model);                  \
  })

#if defined(__riscv)
#define BASE_R(name, mn, model) RVT_ASM_R(name, mn)
#define BASE_U(name, mn, model) RVT_ASM_U(name, mn)
#define BASE_I(mn, a, imm, model) RVT_ASM_I(mn, a, imm)
#else
#define BASE_R(name, mn, model) RVT_MODEL_R(name, model)
#define BASE_U(name, mn, model) RVT_MODEL_U(name, model)
#define BASE_I(mn, a, imm, model) RVT_MODEL_I(a, imm, model)
#endif

#if defined(__riscv) && defined(__riscv_zba)
#define RVT_ZBA 1
#define ZBA_R(name, mn, model) RVT_ASM_R(name, mn)
#define ZBA_I(mn, a, imm, model) RVT_ASM_I(mn, a, imm)
#else
#define RVT_ZBA 0
#define ZBA_R(name, mn, model) RVT_MODEL_R(name, model)
#define ZBA_I(mn, a, imm, model) RVT_MODEL_I(a, imm, model)
#endif

#if defined(__riscv) && defined(__riscv_zbb)
#define RVT_ZBB 1
#define ZBB_R(name, mn, model) RVT_ASM_R(name, mn)
#define ZBB_U(name, mn, model) RVT_ASM_U(name, mn)
#define ZBB_I(mn, a, imm, model) RVT_ASM_I(mn, a, imm)
#else
#define RVT_ZBB 0
#define ZBB_R(name, mn, model) RVT_MODEL_R(name, model)
#define ZBB_U(name, mn, model) RVT_MODEL_U(name, model)
#define ZBB_I(mn, a, imm, model) RVT_MODEL_I(a, imm, model)
#endif

#if defined(__riscv) && defined(__riscv_zbs)
#define RVT_ZBS 1
#define ZBS_R(name, mn, model) RVT_ASM_R(name, mn)
#define ZBS_I(mn, a, imm, model) RVT_ASM_I(mn, a, imm)
#else
#define RVT_ZBS 0
#define ZBS_R(name, mn, model) RVT_MODEL_R(name, model)
#define ZBS_I(mn, a, imm, model) RVT_MODEL_I(a, imm, model)
#endif

#if defined(__riscv) && defined(__riscv_zicond)
#define RVT_ZICOND 1
#define ZICOND_R(name, mn, model) RVT_ASM_R(name, mn)
#else
#define RVT_ZICOND 0
#define ZICOND_R(name, mn, model) RVT_MODEL_R(name, model)
#endif

#if defined(__riscv) && (defined(__riscv_c) || defined(__riscv_compressed))
#define RVT_C 1
#else
#define RVT_C 0
#endif

/* Every pair (a, b) of table operands, folded through `op`. */
#define RVT_ALL_PAIRS(h, op)                            \
  for (int i_ = 0; i_ < RVT_NVALUES; i_++)              \
    for (int j_ = 0; j_ < RVT_NVALUES; j_++) h = rvt_mix(h, op(rvt_v(i_), rvt_v(j_)))

/* Every table operand, folded through `expr` of `x`. */
#define RVT_ALL(h, x, expr)                 \
  for (int i_ = 0; i_ < RVT_NVALUES; i_++) { \
    u64 x = rvt_v(i_);                      \
    h = rvt_mix(h, (expr));                 \
  }

/* The groups (one file each); main.c folds them all. */
u64 rvt_alu(void);
u64 rvt_shift(void);
u64 rvt_word(void);
u64 rvt_muldiv(void);
u64 rvt_memory(void);
u64 rvt_control(void);
u64 rvt_zba(void);
u64 rvt_zbb(void);
u64 rvt_zbs(void);
u64 rvt_zicond(void);
u64 rvt_compressed(void);
u64 rvt_compiled(void);
u64 rvt_runtime(void);

#endif
