/* Guest runtime (toolchains/guest-runtime): <stdlib.h> for PVM guests.
 *
 * abort() is defined (abort.c: a trap, so the run ends with status panic). malloc and
 * friends are declared only so that library sources with allocating functions the guest
 * never calls still compile; a guest that does call them fails to link (undefined
 * symbol), which is the intended signal: PVM guests here use static memory. */
#ifndef PVM_GUEST_STDLIB_H
#define PVM_GUEST_STDLIB_H
#include <stddef.h>

_Noreturn void abort(void);
void *malloc(size_t n);
void *calloc(size_t count, size_t n);
void *realloc(void *p, size_t n);
void free(void *p);

#endif
