/**
 * The finished-build cache shared by the Rust, C and native builders:
 *
 *   <cache>/builds/<cacheKey>/<file>      the artefact (guest ELF or native .so)
 *   <cache>/builds/<cacheKey>/meta.json   what went into the key, for humans
 *
 * A build directory appears atomically (written under a temporary name, then renamed),
 * so a reader never sees half a build, and two processes building the same key at once
 * both end with the same complete directory.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir } from "./common.ts";

/** Directory of a finished build with this key. */
export function buildDir(cacheKey: string, cache = cacheDir()): string {
  return join(cache, "builds", cacheKey);
}

/** True when `<buildDir>/<file>` and its meta.json exist. */
export function buildCached(cacheKey: string, file: string, cache = cacheDir()): boolean {
  const dir = buildDir(cacheKey, cache);
  return existsSync(join(dir, file)) && existsSync(join(dir, "meta.json"));
}

/**
 * Publishes `files` (name -> bytes) and `meta` under the key. Returns normally when the
 * directory exists afterwards (ours or a concurrent writer's); throws otherwise.
 */
export function publishBuild(cacheKey: string, files: Record<string, Uint8Array>, meta: object): string {
  const outDir = buildDir(cacheKey);
  mkdirSync(join(outDir, ".."), { recursive: true });
  const tmp = `${outDir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(tmp, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(tmp, name), bytes);
  writeFileSync(join(tmp, "meta.json"), `${JSON.stringify({ ...meta, cacheKey, builtAt: new Date().toISOString() }, null, 2)}\n`);
  try {
    renameSync(tmp, outDir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    const first = Object.keys(files)[0];
    if (!first || !existsSync(join(outDir, first))) {
      throw new Error(`cannot store the build in ${outDir}: ${(e as Error).message}`);
    }
  }
  return outDir;
}
