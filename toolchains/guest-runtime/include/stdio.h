/* Guest runtime (toolchains/guest-runtime): <stdio.h> declarations only. A PVM guest has
 * no files; libraries include this header for diagnostics on paths a guest never takes
 * (for example libsecp256k1's default callbacks, replaced by the workload). Calling
 * any of these fails at link time (undefined symbol). */
#ifndef PVM_GUEST_STDIO_H
#define PVM_GUEST_STDIO_H
#include <stddef.h>
#include <stdarg.h>

typedef struct pvm_guest_file FILE;
extern FILE *stderr;
extern FILE *stdout;
int fprintf(FILE *f, const char *fmt, ...);
int printf(const char *fmt, ...);

#endif
