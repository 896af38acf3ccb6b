/* Host driver of a test program: prints run()'s result as an unsigned decimal. */
#include <stdio.h>
unsigned long run(void);
int main(void) {
  printf("%lu\n", run());
  return 0;
}
