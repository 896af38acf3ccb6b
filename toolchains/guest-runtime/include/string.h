/* Guest runtime (toolchains/guest-runtime): the <string.h> subset the runtime defines
 * (mem.c). Nothing else of the C library exists in a PVM guest. */
#ifndef PVM_GUEST_STRING_H
#define PVM_GUEST_STRING_H
#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int bcmp(const void *a, const void *b, size_t n);

#endif
