#include "rvtest.h"
u64 shared_value = 41;
u64 shared_table[4] = {4, 3, 2, 1};
u64 twice(u64 x) { return 2 * x; }
static u64 thrice(u64 x) { return 3 * x; }
u64 (*shared_fn)(u64) = thrice;
