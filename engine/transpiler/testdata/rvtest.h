/*
 * Shared by the transpiler's end-to-end C tests. Each test program defines
 * `unsigned long run(void)`; it is compiled for rv64em (and transpiled and run on the
 * PVM) and for the host (and run natively), and the two results must be equal.
 *
 * Operations that are undefined or trap in C (division by zero, signed overflow,
 * over-wide shifts) are written as RV_* macros: on RISC-V the instruction itself (inline
 * asm), on the host the RISC-V specification's definition of its result.
 */
#ifndef RVTEST_H
#define RVTEST_H

typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef int i32;
typedef unsigned char u8;

#define NOINLINE __attribute__((noinline))
#define I64_MIN (-0x7fffffffffffffffL - 1)
#define I32_MIN (-0x7fffffff - 1)

/* Folds a value into a running hash (FNV-like; order-sensitive). */
static inline u64 mix(u64 h, u64 v) { return (h ^ v) * 0x100000001b3UL + (h >> 29); }

/* Hides a value from the optimiser. */
#define OPAQUE(x) ({ __auto_type _v = (x); __asm__ volatile("" : "+r"(_v)); _v; })

#ifdef __riscv
#define RV_RRR(ins, a, b) ({ i64 _r; __asm__ volatile(ins " %0, %1, %2" : "=r"(_r) : "r"((i64)(a)), "r"((i64)(b))); _r; })
#define RV_DIV(a, b) RV_RRR("div", a, b)
#define RV_DIVU(a, b) RV_RRR("divu", a, b)
#define RV_REM(a, b) RV_RRR("rem", a, b)
#define RV_REMU(a, b) RV_RRR("remu", a, b)
#define RV_DIVW(a, b) RV_RRR("divw", a, b)
#define RV_DIVUW(a, b) RV_RRR("divuw", a, b)
#define RV_REMW(a, b) RV_RRR("remw", a, b)
#define RV_REMUW(a, b) RV_RRR("remuw", a, b)
#define RV_SLL(a, b) RV_RRR("sll", a, b)
#define RV_SRL(a, b) RV_RRR("srl", a, b)
#define RV_SRA(a, b) RV_RRR("sra", a, b)
#define RV_SLLW(a, b) RV_RRR("sllw", a, b)
#define RV_SRLW(a, b) RV_RRR("srlw", a, b)
#define RV_SRAW(a, b) RV_RRR("sraw", a, b)
#define RV_ADDW(a, b) RV_RRR("addw", a, b)
#define RV_SUBW(a, b) RV_RRR("subw", a, b)
#define RV_MULW(a, b) RV_RRR("mulw", a, b)
#define RV_MULH(a, b) RV_RRR("mulh", a, b)
#define RV_MULHU(a, b) RV_RRR("mulhu", a, b)
#define RV_MULHSU(a, b) RV_RRR("mulhsu", a, b)
#else
static inline i64 sx32(u64 v) { return (i64)(i32)(u32)v; }
static inline i64 RV_DIV(i64 a, i64 b) { return b == 0 ? -1 : (a == I64_MIN && b == -1) ? a : a / b; }
static inline i64 RV_DIVU(u64 a, u64 b) { return b == 0 ? -1 : (i64)(a / b); }
static inline i64 RV_REM(i64 a, i64 b) { return b == 0 ? a : (a == I64_MIN && b == -1) ? 0 : a % b; }
static inline i64 RV_REMU(u64 a, u64 b) { return b == 0 ? (i64)a : (i64)(a % b); }
static inline i64 RV_DIVW(i64 a, i64 b) { i32 x = (i32)a, y = (i32)b; return y == 0 ? -1 : (x == I32_MIN && y == -1) ? x : x / y; }
static inline i64 RV_DIVUW(u64 a, u64 b) { u32 x = (u32)a, y = (u32)b; return y == 0 ? -1 : sx32(x / y); }
static inline i64 RV_REMW(i64 a, i64 b) { i32 x = (i32)a, y = (i32)b; return y == 0 ? x : (x == I32_MIN && y == -1) ? 0 : x % y; }
static inline i64 RV_REMUW(u64 a, u64 b) { u32 x = (u32)a, y = (u32)b; return y == 0 ? sx32(x) : sx32(x % y); }
static inline i64 RV_SLL(u64 a, u64 b) { return (i64)(a << (b & 63)); }
static inline i64 RV_SRL(u64 a, u64 b) { return (i64)(a >> (b & 63)); }
static inline i64 RV_SRA(i64 a, u64 b) { return a >> (b & 63); }
static inline i64 RV_SLLW(u64 a, u64 b) { return sx32((u32)a << (b & 31)); }
static inline i64 RV_SRLW(u64 a, u64 b) { return sx32((u32)a >> (b & 31)); }
static inline i64 RV_SRAW(u64 a, u64 b) { return (i64)((i32)(u32)a >> (b & 31)); }
static inline i64 RV_ADDW(u64 a, u64 b) { return sx32((u32)a + (u32)b); }
static inline i64 RV_SUBW(u64 a, u64 b) { return sx32((u32)a - (u32)b); }
static inline i64 RV_MULW(u64 a, u64 b) { return sx32((u32)a * (u32)b); }
static inline i64 RV_MULH(i64 a, i64 b) { return (i64)(((__int128)a * (__int128)b) >> 64); }
static inline i64 RV_MULHU(u64 a, u64 b) { return (i64)(((unsigned __int128)a * b) >> 64); }
static inline i64 RV_MULHSU(i64 a, u64 b) { return (i64)(((__int128)a * (__int128)b) >> 64); }
#endif

#endif
