/*
 * riscv-tests group `memory`: every RV64I load and store, at every byte offset 0..7 of
 * a buffer (so misaligned accesses too, which the PVM allows), with immediate offsets
 * 0, +12 and -8, checking sign extension (lb/lh/lw) against zero extension (lbu/lhu/lwu).
 * The model reads and writes the same bytes through memcpy, little-endian.
 */
#include <string.h>
#include "rvt.h"

#define BUF_BYTES 64
static u64 buf_words[BUF_BYTES / 8 + 2]; /* one spare word each side for +12 / -8 */

#if defined(__riscv)
#define LOAD(mn, p, off)                                                      \
  ({                                                                          \
    u64 r_;                                                                   \
    __asm__ volatile(mn " %0, %2(%1)" : "=r"(r_) : "r"(p), "i"(off) : "memory"); \
    r_;                                                                       \
  })
#define STORE(mn, p, off, v) __asm__ volatile(mn " %0, %2(%1)" ::"r"(v), "r"(p), "i"(off) : "memory")
#else
#define LOAD(mn, p, off) model_load(mn, (const unsigned char *)(p) + (off))
#define STORE(mn, p, off, v) model_store(mn, (unsigned char *)(p) + (off), (v))
static u64 model_load(const char *mn, const unsigned char *p) {
  u64 v = 0;
  int size = mn[1] == 'b' ? 1 : mn[1] == 'h' ? 2 : mn[1] == 'w' ? 4 : 8;
  memcpy(&v, p, (size_t)size); /* little-endian host, like RISC-V */
  if (mn[2] == 'u' || size == 8) return v;
  unsigned bits = 8u * (unsigned)size;
  u64 sign = (u64)1 << (bits - 1);
  return (v ^ sign) - sign;
}
static void model_store(const char *mn, unsigned char *p, u64 v) {
  int size = mn[1] == 'b' ? 1 : mn[1] == 'h' ? 2 : mn[1] == 'w' ? 4 : 8;
  memcpy(p, &v, (size_t)size);
}
#endif

static u64 fold_buffer(u64 h) {
  for (int i = 0; i < BUF_BYTES / 8 + 2; i++) h = rvt_mix(h, buf_words[i]);
  return h;
}

u64 rvt_memory(void) {
  u64 h = 5;
  unsigned char *base = (unsigned char *)&buf_words[1];
  /* A pattern with every byte distinct and both halves of each width's sign bit. */
  for (int i = 0; i < BUF_BYTES / 8 + 2; i++) buf_words[i] = rvt_v(24) * (u64)(i + 1) ^ rvt_v(25);
  for (int off = 0; off < 8; off++) {
    unsigned char *p = base + off;
    h = rvt_mix(h, LOAD("lb", p, 0));
    h = rvt_mix(h, LOAD("lbu", p, 0));
    h = rvt_mix(h, LOAD("lh", p, 0));
    h = rvt_mix(h, LOAD("lhu", p, 0));
    h = rvt_mix(h, LOAD("lw", p, 0));
    h = rvt_mix(h, LOAD("lwu", p, 0));
    h = rvt_mix(h, LOAD("ld", p, 0));
    h = rvt_mix(h, LOAD("lw", p, 12));
    h = rvt_mix(h, LOAD("lhu", p, 12));
    h = rvt_mix(h, LOAD("ld", p, -8));
    h = rvt_mix(h, LOAD("lb", p, -8));
  }
  for (int i = 0; i < RVT_NVALUES; i++) {
    u64 v = rvt_v(i);
    unsigned char *p = base + (i % 8);
    STORE("sb", p, 0, v);
    STORE("sh", p, 3, v);
    STORE("sw", p, 12, v);
    STORE("sd", p, 24, v);
    STORE("sd", p, -8, ~v);
    STORE("sw", p, 40, v >> 7);
    h = fold_buffer(h);
    h = rvt_mix(h, LOAD("lw", p, 12));
    h = rvt_mix(h, LOAD("ld", p, 24));
  }
  return h;
}
