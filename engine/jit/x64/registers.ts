/**
 * x86-64 general-purpose registers by hardware number (the 4-bit value split across
 * ModRM/SIB and REX), and condition codes (the low nibble of Jcc/SETcc/CMOVcc).
 */
export const RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
export const R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15;
export type Reg = number;

export const REG_NAMES64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];
export const REG_NAMES32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"];

/** Condition codes (Intel SDM Vol. 2, Table B-10). */
export const enum Cond {
  O = 0x0, NO = 0x1, B = 0x2, AE = 0x3, E = 0x4, NE = 0x5, BE = 0x6, A = 0x7,
  S = 0x8, NS = 0x9, P = 0xa, NP = 0xb, L = 0xc, GE = 0xd, LE = 0xe, G = 0xf,
}
