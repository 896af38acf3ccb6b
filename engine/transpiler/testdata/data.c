/*
 * Data: globals in .data, .bss and .rodata, pointers stored in data (to data, to
 * strings, to other pointers), a large zeroed array, a stack array with dynamic indices,
 * struct copies (memcpy) and clearing (memset), sub-word loads and stores.
 */
#include "rvtest.h"

u64 counter = 5;
i32 small = -3;
u8 bytes[7] = {1, 2, 3, 250, 251, 252, 253};
short halves[3] = {-2, 300, -30000};
u64 zeroed[2048];
static u64 big_bss[64];
const u64 PRIMES[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29};
const char *const NAMES[] = {"zero", "one", "two", "three"};
const char *greeting = "hello, pvm";
u64 *counter_ptr = &counter;
u64 **counter_pp = &counter_ptr;
const u64 *prime_ptr = &PRIMES[4];
u8 *end_of_bytes = bytes + 7;

struct rec {
  u64 a;
  u32 b;
  u8 c[5];
  i64 d;
};
struct rec recs[3] = {{1, 2, {3, 4, 5, 6, 7}, -8}, {9, 10, {11}, 12}};

NOINLINE static u64 strsum(const char *s) {
  u64 h = 0;
  while (*s) h = mix(h, (u8)*s++);
  return h;
}

NOINLINE static u64 stack_work(unsigned n) {
  u64 arr[100];
  for (unsigned i = 0; i < 100; i++) arr[i] = i * i + n;
  u64 h = 0;
  for (unsigned i = 0; i < n; i++) h = mix(h, arr[(i * 37 + n) % 100]);
  u8 buf[33];
  for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (u8)(i * n);
  for (unsigned i = 0; i < sizeof buf; i += 3) h = mix(h, buf[i]);
  return h;
}

u64 run(void) {
  u64 h = 0;
  h = mix(h, counter);
  h = mix(h, (u64)(i64)small);
  for (unsigned i = 0; i < 7; i++) h = mix(h, bytes[i]);
  for (unsigned i = 0; i < 3; i++) h = mix(h, (u64)(i64)halves[i]);
  for (unsigned i = 0; i < 10; i++) h = mix(h, PRIMES[i]);
  for (unsigned i = 0; i < 4; i++) h = mix(h, strsum(NAMES[OPAQUE(i)]));
  h = mix(h, strsum(greeting));
  **counter_pp += 10;
  h = mix(h, counter);
  h = mix(h, *prime_ptr);
  h = mix(h, (u64)(end_of_bytes - bytes));
  h = mix(h, end_of_bytes[-1]);
  /* bss starts zeroed and is writable */
  u64 z = 0;
  for (unsigned i = 0; i < 2048; i++) z |= zeroed[i];
  h = mix(h, z);
  for (unsigned i = 0; i < 2048; i += 7) zeroed[i] = i;
  for (unsigned i = 0; i < 2048; i += 11) h = mix(h, zeroed[i]);
  for (unsigned i = 0; i < 64; i++) big_bss[OPAQUE(i)] = i * 3;
  h = mix(h, big_bss[OPAQUE(63)]);
  /* sub-word stores */
  bytes[OPAQUE(2)] = 0xee;
  halves[OPAQUE(1)] = -1;
  small = OPAQUE(0x12345678);
  h = mix(h, bytes[2] + halves[1] + small);
  /* structs */
  struct rec r = recs[OPAQUE(0)];
  recs[2] = r;
  recs[2].c[4] = 99;
  h = mix(mix(mix(h, recs[2].a), recs[2].c[4]), (u64)recs[2].d);
  h = mix(h, recs[1].c[0] + recs[1].c[1]);
  struct rec blank;
  __builtin_memset(&blank, 0, sizeof blank);
  h = mix(h, blank.a + blank.d);
  h = mix(h, stack_work(OPAQUE(57)));
  return h;
}
