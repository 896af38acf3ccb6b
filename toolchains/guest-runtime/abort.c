/*
 * Guest runtime: abort(). A PVM guest has no process to signal; `__builtin_trap()`
 * compiles to `unimp`, which the transpiler turns into a trap, so the run ends with
 * status panic, the PVM's own way of saying "stopped on an error".
 */
#include <stdlib.h>

_Noreturn void abort(void) {
  __builtin_trap();
}
