/*
 * Native-only provenance check of the ecrecover workload's fixed input (not part of the
 * guest: workload.json does not list it). Built and run by ecrecover.test.ts with the
 * same library sources. Prints "ok" when
 *   - signing MESSAGE with the secret key 3 (RFC 6979 nonce) reproduces SIGNATURE and
 *     RECOVERY_ID byte for byte, and
 *   - the public key of the secret key 3 is EXPECTED_PUBKEY,
 * and otherwise names the first mismatch (exit status 1).
 */
#include <stdio.h>

#define main ecrecover_harness_main
#include "harness.c"
#undef main

int main(void) {
  unsigned char sk[32] = {0};
  sk[31] = 3;
  secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  secp256k1_ecdsa_recoverable_signature sig;
  unsigned char compact[64];
  int recid = -1;
  if (!secp256k1_ecdsa_sign_recoverable(ctx, &sig, MESSAGE, sk, NULL, NULL)) return puts("sign failed"), 1;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact, &recid, &sig);
  if (memcmp(compact, SIGNATURE, 64) != 0) return puts("signature differs"), 1;
  if (recid != RECOVERY_ID) return puts("recovery id differs"), 1;
  secp256k1_pubkey pk;
  unsigned char ser[65];
  size_t len = sizeof ser;
  if (!secp256k1_ec_pubkey_create(ctx, &pk, sk)) return puts("pubkey_create failed"), 1;
  secp256k1_ec_pubkey_serialize(ctx, ser, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
  if (len != 65 || memcmp(ser, EXPECTED_PUBKEY, 65) != 0) return puts("public key differs"), 1;
  if (ecrecover_harness_main() != fnv1a64(EXPECTED_PUBKEY, 65)) return puts("recovery differs"), 1;
  secp256k1_context_destroy(ctx);
  puts("ok");
  return 0;
}
