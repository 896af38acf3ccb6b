/* Guest runtime (toolchains/guest-runtime): the POSIX <sys/types.h> sizes a freestanding
 * rv64 (LP64) guest can need. */
#ifndef PVM_GUEST_SYS_TYPES_H
#define PVM_GUEST_SYS_TYPES_H
#include <stddef.h>

typedef long ssize_t;
typedef long off_t;

#endif
