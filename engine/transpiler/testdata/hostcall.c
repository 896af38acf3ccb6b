/*
 * Host calls from a guest, through the guest host-call ABI (lower/host-call.ts):
 * `li t0, N; ecall` with arguments in a0, a1 and the result in a0. The test host (the
 * engine test's handler, and the functions below on the native build) serves:
 *   0   no-op (a0 unchanged)
 *   7   a0 = a0 * 3 + a1
 *   9   a0 = a0 ^ a1, and t0 must still be 9 afterwards (checked by the guest)
 * The loop makes the ecalls sit in several blocks and behind branches.
 */
#include "rvtest.h"

#ifdef __riscv
#define HOST(n, a, b) ({ \
  register u64 _a0 __asm__("a0") = (a); register u64 _a1 __asm__("a1") = (b); \
  __asm__ volatile("li t0, %2\n\tecall" : "+r"(_a0), "+r"(_a1) : "i"(n) : "t0", "memory"); _a0; })
/* host call 9, then t0 read back: it must still hold the index */
#define HOST_T0(a, b) ({ \
  register u64 _a0 __asm__("a0") = (a); register u64 _a1 __asm__("a1") = (b); u64 _t; \
  __asm__ volatile("li t0, 9\n\tecall\n\tmv %2, t0" : "+r"(_a0), "+r"(_a1), "=r"(_t) : : "t0", "memory"); _a0 + _t; })
#else
static u64 host_call(unsigned n, u64 a, u64 b) { return n == 7 ? a * 3 + b : n == 9 ? a ^ b : a; }
#define HOST(n, a, b) host_call(n, a, b)
#define HOST_T0(a, b) (host_call(9, a, b) + 9)
#endif

u64 run(void) {
  u64 h = 1;
  for (u64 i = 0; i < 20; i++) {
    h = HOST(0, h, i);
    if (OPAQUE(i) & 1) h = HOST(7, h, i);
    else h = mix(h, HOST_T0(h, i * 0x9e3779b97f4a7c15UL));
  }
  return h;
}
