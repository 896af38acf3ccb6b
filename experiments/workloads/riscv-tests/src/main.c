/*
 * riscv-tests: the operand table and the entry point. `main` runs every group and folds
 * their checksums; each `rvt_<group>` is also an entry of its own (the matrix runs them
 * one by one to say which group differs from the native reference).
 */
#include "rvt.h"

/* Edge cases of 64-bit integer arithmetic: small values, shift amounts around 32 and
 * 64 (register shifts use only the low 5 or 6 bits), 8/16/32-bit boundaries, the signed
 * extremes, and bit patterns. In .data, read through volatile loads. */
volatile u64 rvt_values[RVT_NVALUES] = {
    0x0000000000000000ull, 0x0000000000000001ull, 0x0000000000000002ull, 0x0000000000000003ull,
    0x000000000000001full, 0x0000000000000020ull, 0x0000000000000021ull, 0x000000000000003full,
    0x0000000000000040ull, 0x0000000000000041ull, 0x000000000000007full, 0x0000000000000080ull,
    0x00000000000000ffull, 0x0000000000007fffull, 0x0000000000008000ull, 0x000000007fffffffull,
    0x0000000080000000ull, 0x00000000ffffffffull, 0x0000000100000000ull, 0xffffffff80000000ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull,
    0x0123456789abcdefull, 0xdeadbeefcafebabeull, 0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull,
    0x8000000000000001ull, 0xffffffff7fffffffull, 0x00000000ffff8000ull, 0xfffffffffffff800ull,
};

u64 main(void) {
  u64 h = 0;
  h = rvt_mix(h, rvt_alu());
  h = rvt_mix(h, rvt_shift());
  h = rvt_mix(h, rvt_word());
  h = rvt_mix(h, rvt_muldiv());
  h = rvt_mix(h, rvt_memory());
  h = rvt_mix(h, rvt_control());
  h = rvt_mix(h, rvt_zba());
  h = rvt_mix(h, rvt_zbb());
  h = rvt_mix(h, rvt_zbs());
  h = rvt_mix(h, rvt_zicond());
  h = rvt_mix(h, rvt_compressed());
  h = rvt_mix(h, rvt_compiled());
  h = rvt_mix(h, rvt_runtime());
  return h;
}
