/*
 * ecrecover workload: secp256k1 ECDSA public-key recovery, as Ethereum's ecrecover
 * precompile does it, with libsecp256k1's recovery module (Debian source package
 * libsecp256k1 0.2.0-2, fetched into the lab cache; see workload.json).
 *
 * The fixed input (made once with the same library, natively, by
 * secp256k1_ecdsa_sign_recoverable with its default RFC 6979 nonce):
 *   secret key  0x00..03 (so the public key is 3G: its x coordinate f9308a01...36f9 is
 *               also the public key of BIP-340 test vector 0)
 *   message     the 32 bytes "pvm-lab ecrecover workload msg!\0"
 *   signature   64-byte compact (r || s) and recovery id 0, below
 *
 * Each round parses the signature, recovers the public key and serialises it
 * uncompressed (65 bytes). The result is the FNV-1a 64-bit hash of the recovered key
 * when every round recovered exactly EXPECTED_PUBKEY, else 0.
 *
 * The context is secp256k1_context_static: recovery needs no precomputed context
 * (0.2.0 keeps its tables in .rodata), so no allocator is needed. Illegal-argument and
 * internal errors end in abort(), which on the PVM guest is a trap (status panic).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secp256k1.h"
#include "secp256k1_recovery.h"

#ifndef ECRECOVER_ROUNDS
#define ECRECOVER_ROUNDS 8
#endif

/* USE_EXTERNAL_DEFAULT_CALLBACKS: the library's defaults print to stderr; a guest has none. */
void secp256k1_default_illegal_callback_fn(const char *message, void *data) {
  (void)message;
  (void)data;
  abort();
}
void secp256k1_default_error_callback_fn(const char *message, void *data) {
  (void)message;
  (void)data;
  abort();
}

static const unsigned char MESSAGE[32] = "pvm-lab ecrecover workload msg!";
static const unsigned char SIGNATURE[64] = {
    0x64, 0xa8, 0x53, 0xe9, 0x13, 0x6f, 0xfa, 0x69, 0x97, 0xe5, 0xa2, 0xc2,
    0x68, 0x84, 0x30, 0xd8, 0xf8, 0x2e, 0x1d, 0x6a, 0xe5, 0x21, 0x99, 0x8a,
    0x82, 0x37, 0x2b, 0x4c, 0x18, 0x32, 0x50, 0x3c, 0x42, 0x2e, 0xde, 0xf2,
    0x94, 0x02, 0xc3, 0x14, 0x80, 0x4a, 0xf3, 0x48, 0xd5, 0x2c, 0x3d, 0xf0,
    0x80, 0x54, 0x3a, 0x91, 0x4e, 0x22, 0xd8, 0x5a, 0x85, 0x92, 0x19, 0xc4,
    0x4b, 0x7c, 0x3c, 0xf8,
};
static const int RECOVERY_ID = 0;
static const unsigned char EXPECTED_PUBKEY[65] = {
    0x04, 0xf9, 0x30, 0x8a, 0x01, 0x92, 0x58, 0xc3, 0x10, 0x49, 0x34, 0x4f,
    0x85, 0xf8, 0x9d, 0x52, 0x29, 0xb5, 0x31, 0xc8, 0x45, 0x83, 0x6f, 0x99,
    0xb0, 0x86, 0x01, 0xf1, 0x13, 0xbc, 0xe0, 0x36, 0xf9, 0x38, 0x8f, 0x7b,
    0x0f, 0x63, 0x2d, 0xe8, 0x14, 0x0f, 0xe3, 0x37, 0xe6, 0x2a, 0x37, 0xf3,
    0x56, 0x65, 0x00, 0xa9, 0x99, 0x34, 0xc2, 0x23, 0x1b, 0x6c, 0xb9, 0xfd,
    0x75, 0x84, 0xb8, 0xe6, 0x72,
};

static uint64_t fnv1a64(const unsigned char *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

uint64_t main(void) {
  const secp256k1_context *ctx = secp256k1_context_static;
  unsigned char key[65];
  int all_match = 1;
  for (int round = 0; round < ECRECOVER_ROUNDS; round++) {
    secp256k1_ecdsa_recoverable_signature sig;
    secp256k1_pubkey pubkey;
    size_t len = sizeof key;
    memset(key, 0, sizeof key);
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, SIGNATURE, RECOVERY_ID)) return 0;
    if (!secp256k1_ecdsa_recover(ctx, &pubkey, &sig, MESSAGE)) return 0;
    if (!secp256k1_ec_pubkey_serialize(ctx, key, &len, &pubkey, SECP256K1_EC_UNCOMPRESSED)) return 0;
    if (len != sizeof key || memcmp(key, EXPECTED_PUBKEY, sizeof key) != 0) all_match = 0;
  }
  return all_match ? fnv1a64(key, sizeof key) : 0;
}
