/** Where the shared test vectors live; they are read in place, never copied. */
import { resolve } from "node:path";

/**
 * The folder holding w3f-pvm-v0.4/ and jam-gas-cost-model/: $PVM_LAB_VECTORS, else
 * ../shared/vectors beside the repository.
 */
export function vectorsDir(): string {
  return process.env.PVM_LAB_VECTORS
    ? resolve(process.env.PVM_LAB_VECTORS)
    : resolve(import.meta.dir, "..", "..", "..", "shared", "vectors");
}
