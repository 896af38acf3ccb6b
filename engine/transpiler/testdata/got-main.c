/* Two translation units: `extern` data reached through the GOT in a PIE. */
#include "rvtest.h"
extern u64 shared_value;
extern u64 shared_table[4];
extern u64 twice(u64);
extern u64 (*shared_fn)(u64);

u64 run(void) {
  u64 h = mix(0, shared_value);
  shared_value += 1;
  for (unsigned i = 0; i < 4; i++) h = mix(h, shared_table[OPAQUE(i)]);
  h = mix(h, twice(shared_value));
  return mix(h, shared_fn(5));
}
