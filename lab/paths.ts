/** Where the lab finds things: the repo, the shared vectors, results. */
import { join, resolve } from "node:path";

/** Repository root (the folder holding package.json). */
export const REPO_ROOT = resolve(import.meta.dir, "..");

export { vectorsDir } from "../engine/vectors/location.ts";

export const RESULTS_DIR = join(REPO_ROOT, "results");
/** $PVM_LAB_DB, else results/lab.sqlite */
export function databasePath(): string {
  return process.env.PVM_LAB_DB ? resolve(process.env.PVM_LAB_DB) : join(RESULTS_DIR, "lab.sqlite");
}
export const REPORTS_DIR = join(RESULTS_DIR, "reports");
