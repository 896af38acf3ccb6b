/*
 * Instructions with x0 operands, written out in inline asm because compilers use only
 * some of them: x0 as either or both ALU sources, as branch operands in both positions,
 * as a stored value and as a load destination. On the host, the C meaning of each.
 */
#include "rvtest.h"

#ifdef __riscv
#define A1(ins, a) ({ i64 _r; __asm__ volatile(ins : "=r"(_r) : "r"((i64)(a))); _r; })
#define A0(ins) ({ i64 _r; __asm__ volatile(ins : "=r"(_r)); _r; })
/* 1 when the branch `cond, 1f` is taken */
#define BR(cond, a, b) ({ i64 _r; __asm__ volatile("li %0, 1\n\t" cond ", 1f\n\tli %0, 0\n1:" : "=&r"(_r) : "r"((i64)(a)), "r"((i64)(b))); _r; })
#define T(rv, c) (rv)
#else
#define T(rv, c) (c)
#endif

static const u64 VALUES[] = {0, 1, 5, (u64)-1, (u64)-5, 0x80000000, 0xffffffff, 0x100000000UL, 0x8000000000000000UL, 0x7fffffffffffffffUL};
#define N (sizeof VALUES / sizeof VALUES[0])

NOINLINE static u64 alu(u64 h, u64 a) {
  i64 s = (i64)a;
  h = mix(h, T(A1("sub %0, zero, %1", a), -a));
  h = mix(h, T(A1("subw %0, zero, %1", a), (i64)(i32)(0u - (u32)a)));
  h = mix(h, T(A1("sltu %0, zero, %1", a), a != 0));
  h = mix(h, T(A1("sltu %0, %1, zero", a), 0));
  h = mix(h, T(A1("slt %0, zero, %1", a), s > 0));
  h = mix(h, T(A1("slt %0, %1, zero", a), s < 0));
  h = mix(h, T(A1("add %0, zero, %1", a), a));
  h = mix(h, T(A1("add %0, %1, zero", a), a));
  h = mix(h, T(A1("addw %0, zero, %1", a), (i64)(i32)a));
  h = mix(h, T(A1("sllw %0, %1, zero", a), (i64)(i32)a));
  h = mix(h, T(A1("srlw %0, %1, zero", a), (i64)(i32)a));
  h = mix(h, T(A1("sraw %0, %1, zero", a), (i64)(i32)a));
  h = mix(h, T(A1("sll %0, zero, %1", a), 0));
  h = mix(h, T(A1("sra %0, %1, zero", a), a));
  h = mix(h, T(A1("xor %0, zero, %1", a), a));
  h = mix(h, T(A1("or %0, %1, zero", a), a));
  h = mix(h, T(A1("and %0, %1, zero", a), 0));
  h = mix(h, T(A1("mul %0, zero, %1", a), 0));
  h = mix(h, T(A1("mulhsu %0, zero, %1", a), 0));
  h = mix(h, T(A1("div %0, zero, %1", a), a == 0 ? -1 : 0));
  h = mix(h, T(A1("divu %0, zero, %1", a), a == 0 ? -1 : 0));
  h = mix(h, T(A1("divw %0, zero, %1", a), (u32)a == 0 ? -1 : 0));
  h = mix(h, T(A1("divuw %0, zero, %1", a), (u32)a == 0 ? -1 : 0));
  h = mix(h, T(A1("div %0, %1, zero", a), -1));
  h = mix(h, T(A1("divuw %0, %1, zero", a), -1));
  h = mix(h, T(A1("rem %0, %1, zero", a), a));
  h = mix(h, T(A1("remu %0, zero, %1", a), 0));
  h = mix(h, T(A1("remw %0, %1, zero", a), (i64)(i32)a));
  h = mix(h, T(A1("remuw %0, %1, zero", a), (i64)(i32)a));
  h = mix(h, T(A1("remw %0, zero, %1", a), 0));
  h = mix(h, T(A0("add %0, zero, zero"), 0));
  h = mix(h, T(A0("div %0, zero, zero"), -1));
  h = mix(h, T(A0("divuw %0, zero, zero"), -1));
  h = mix(h, T(A0("rem %0, zero, zero"), 0));
  h = mix(h, T(A0("sltu %0, zero, zero"), 0));
  h = mix(h, T(A0("addi %0, zero, -5"), -5));
  h = mix(h, T(A0("addiw %0, zero, -1"), -1));
  h = mix(h, T(A0("sltiu %0, zero, 3"), 1));
  h = mix(h, T(A0("sltiu %0, zero, 0"), 0));
  h = mix(h, T(A0("slti %0, zero, -1"), 0));
  h = mix(h, T(A0("slti %0, zero, 1"), 1));
  h = mix(h, T(A0("xori %0, zero, -1"), -1));
  h = mix(h, T(A0("ori %0, zero, 1234"), 1234));
  h = mix(h, T(A0("andi %0, zero, -1"), 0));
  h = mix(h, T(A0("srai %0, zero, 3"), 0));
  h = mix(h, T(A0("lui %0, 0x80000"), (i64)(i32)0x80000000u));
  h = mix(h, T(A1("sltiu %0, %1, 1", a), a == 0));
  h = mix(h, T(A1("addi zero, %1, 1\n\tmv %0, %1", a), a));
  return h;
}

NOINLINE static u64 branches(u64 h, u64 a, u64 b) {
  i64 s = (i64)a, t = (i64)b;
  h = mix(h, T(BR("beq %1, zero", a, b), a == 0));
  h = mix(h, T(BR("beq zero, %2", a, b), b == 0));
  h = mix(h, T(BR("bne zero, %1", a, b), a != 0));
  h = mix(h, T(BR("blt %1, zero", a, b), s < 0));
  h = mix(h, T(BR("blt zero, %1", a, b), s > 0));
  h = mix(h, T(BR("bge %1, zero", a, b), s >= 0));
  h = mix(h, T(BR("bge zero, %1", a, b), s <= 0));
  h = mix(h, T(BR("bltu %1, zero", a, b), 0));
  h = mix(h, T(BR("bltu zero, %1", a, b), a != 0));
  h = mix(h, T(BR("bgeu %1, zero", a, b), 1));
  h = mix(h, T(BR("bgeu zero, %1", a, b), a == 0));
  h = mix(h, T(BR("beq zero, zero", a, b), 1));
  h = mix(h, T(BR("bne zero, zero", a, b), 0));
  h = mix(h, T(BR("blt zero, zero", a, b), 0));
  h = mix(h, T(BR("bge zero, zero", a, b), 1));
  h = mix(h, T(BR("bltu zero, zero", a, b), 0));
  h = mix(h, T(BR("bgeu zero, zero", a, b), 1));
  h = mix(h, T(BR("beq %1, %2", a, b), a == b));
  h = mix(h, T(BR("bne %1, %2", a, b), a != b));
  h = mix(h, T(BR("blt %1, %2", a, b), s < t));
  h = mix(h, T(BR("bge %1, %2", a, b), s >= t));
  h = mix(h, T(BR("bltu %1, %2", a, b), a < b));
  h = mix(h, T(BR("bgeu %1, %2", a, b), a >= b));
  return h;
}

static u64 cell[4];

NOINLINE static u64 memory(u64 h, u64 a) {
  cell[0] = a;
  cell[1] = a;
  cell[2] = a;
#ifdef __riscv
  /* stores of x0, and loads into x0 (the load happens, its value is dropped) */
  __asm__ volatile("sd zero, 0(%0)\n\tsw zero, 8(%0)\n\tsb zero, 17(%0)\n\tld zero, 8(%0)\n\tlbu zero, 3(%0)" : : "r"(cell) : "memory");
#else
  cell[0] = 0;
  cell[1] = (cell[1] >> 32) << 32;
  ((u8 *)cell)[17] = 0;
#endif
  return mix(mix(mix(h, cell[0]), cell[1]), cell[2]);
}

u64 run(void) {
  u64 h = 0;
  for (unsigned i = 0; i < N; i++) {
    u64 a = OPAQUE(VALUES[i]);
    h = alu(h, a);
    h = memory(h, a);
    for (unsigned j = 0; j < N; j++) h = branches(h, a, OPAQUE(VALUES[j]));
  }
  return h;
}
