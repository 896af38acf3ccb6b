/*
 * Guest runtime: memcpy, memmove, memset, memcmp, bcmp for PVM guests built with clang
 * (-ffreestanding -nostdlib). The compiler emits calls to these for struct copies and
 * large initialisations even when the source never names them.
 *
 * Built with the workload's flags plus -fno-builtin, so that clang cannot recognise the
 * loops below as memcpy/memset idioms and turn them back into calls to themselves.
 *
 * Word loops (8 bytes) run when source and destination share their alignment modulo 8,
 * which is the common case for the structs and arrays that reach these functions; the
 * PVM charges per instruction, so one 8-byte load/store beats eight byte moves. The
 * `may_alias` word type keeps the word accesses defined for any object type.
 */
#include <stddef.h>
#include <stdint.h>

typedef uint64_t __attribute__((may_alias)) word_t;

#define WORD_MASK ((uintptr_t)(sizeof(word_t) - 1))

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if ((((uintptr_t)d ^ (uintptr_t)s) & WORD_MASK) == 0) {
    while (n > 0 && ((uintptr_t)d & WORD_MASK) != 0) {
      *d++ = *s++;
      n--;
    }
    while (n >= 4 * sizeof(word_t)) {
      word_t a = ((const word_t *)s)[0], b = ((const word_t *)s)[1];
      word_t c = ((const word_t *)s)[2], e = ((const word_t *)s)[3];
      ((word_t *)d)[0] = a;
      ((word_t *)d)[1] = b;
      ((word_t *)d)[2] = c;
      ((word_t *)d)[3] = e;
      d += 4 * sizeof(word_t);
      s += 4 * sizeof(word_t);
      n -= 4 * sizeof(word_t);
    }
    while (n >= sizeof(word_t)) {
      *(word_t *)d = *(const word_t *)s;
      d += sizeof(word_t);
      s += sizeof(word_t);
      n -= sizeof(word_t);
    }
  }
  while (n > 0) {
    *d++ = *s++;
    n--;
  }
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  // Forward copying is safe unless the destination starts inside the source.
  if (d <= s || d >= s + n) {
    if (d + n <= s || s + n <= d) return memcpy(dst, src, n);
    while (n > 0) {
      *d++ = *s++;
      n--;
    }
    return dst;
  }
  d += n;
  s += n;
  if ((((uintptr_t)d ^ (uintptr_t)s) & WORD_MASK) == 0) {
    while (n > 0 && ((uintptr_t)d & WORD_MASK) != 0) {
      *--d = *--s;
      n--;
    }
    while (n >= sizeof(word_t)) {
      d -= sizeof(word_t);
      s -= sizeof(word_t);
      *(word_t *)d = *(const word_t *)s;
      n -= sizeof(word_t);
    }
  }
  while (n > 0) {
    *--d = *--s;
    n--;
  }
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  unsigned char byte = (unsigned char)c;
  while (n > 0 && ((uintptr_t)d & WORD_MASK) != 0) {
    *d++ = byte;
    n--;
  }
  if (n >= sizeof(word_t)) {
    word_t w = (word_t)byte * (word_t)0x0101010101010101ull;
    while (n >= 4 * sizeof(word_t)) {
      ((word_t *)d)[0] = w;
      ((word_t *)d)[1] = w;
      ((word_t *)d)[2] = w;
      ((word_t *)d)[3] = w;
      d += 4 * sizeof(word_t);
      n -= 4 * sizeof(word_t);
    }
    while (n >= sizeof(word_t)) {
      *(word_t *)d = w;
      d += sizeof(word_t);
      n -= sizeof(word_t);
    }
  }
  while (n > 0) {
    *d++ = byte;
    n--;
  }
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *p = a, *q = b;
  // Skip equal words first; the differing byte is then found bytewise, which keeps the
  // sign of the result independent of byte order.
  if ((((uintptr_t)p | (uintptr_t)q) & WORD_MASK) == 0) {
    while (n >= sizeof(word_t) && *(const word_t *)p == *(const word_t *)q) {
      p += sizeof(word_t);
      q += sizeof(word_t);
      n -= sizeof(word_t);
    }
  }
  for (; n > 0; n--, p++, q++) {
    if (*p != *q) return (int)*p - (int)*q;
  }
  return 0;
}

/* bcmp: zero when equal, non-zero otherwise (LLVM may turn memcmp(...) == 0 into it). */
int bcmp(const void *a, const void *b, size_t n) {
  return memcmp(a, b, n) != 0;
}
