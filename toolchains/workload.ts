/**
 * Guest workloads: experiments/workloads/<name>/workload.json, read and validated.
 *
 *   Rust (a Cargo.toml beside it; "language" may be omitted):
 *     { "entry": "main", "expected": "<decimal u64>", "description": "..." }
 *   C:
 *     { "language": "c", "entry": "main", "expected": "<decimal u64>",
 *       "sources": ["*.c", "@libsodium/src/libsodium/crypto_sign/ed25519/ref10/open.c"],
 *       "include": ["include", "@libsodium/src/libsodium/include/sodium"],
 *       "defines": ["CONFIGURED=1", "NATIVE_LITTLE_ENDIAN"],
 *       "cflags": ["-Wno-unused-function"],
 *       "debian-sources": [{ "package": "libsodium", "version": "1.0.18-1+deb12u1" }] }
 *
 * Paths and globs are relative to the workload directory; `@<package>/...` is relative
 * to the unpacked tree of a Debian source package listed in "debian-sources" (fetched
 * into the lab cache by debian-source.ts, never committed). ".." is not allowed in a
 * glob, so a workload cannot reach outside its own directory and its packages.
 *
 * `expected` is the entry function's return value (a0 / φ7) as a decimal u64 string.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { WORKLOADS_DIR } from "./common.ts";

/** A failed guest build: one-line message; compiler output in `detail`. */
export class GuestBuildError extends Error {
  constructor(
    message: string,
    readonly workload: string,
    readonly detail: string = "",
  ) {
    super(message);
    this.name = "GuestBuildError";
  }
}

export interface DebianSourceRef {
  /** Debian source package name, e.g. "libsodium". */
  package: string;
  /** Exact Debian version, e.g. "1.0.18-1+deb12u1". */
  version: string;
}

interface WorkloadCommon {
  name: string;
  dir: string;
  entry: string;
  /** Decimal u64. */
  expected: string;
  description: string;
}

export interface RustWorkloadSpec extends WorkloadCommon {
  language: "rust";
}

export interface CWorkloadSpec extends WorkloadCommon {
  language: "c";
  /** Globs (workload-relative or `@pkg/...`), in the order given. */
  sources: string[];
  /** Include directories (workload-relative or `@pkg/...`), searched in order. */
  include: string[];
  /** `NAME` or `NAME=VALUE`, passed as -D. */
  defines: string[];
  /** Extra compiler flags (never -march/-mabi/-O/--target: those are build knobs). */
  cflags: string[];
  debianSources: DebianSourceRef[];
}

export type WorkloadSpec = RustWorkloadSpec | CWorkloadSpec;

/**
 * A workload name (experiments/workloads/<name>) or a path to a workload directory.
 * A relative path that does not exist from the working directory is tried under
 * experiments/workloads/ too.
 */
export function resolveWorkloadDir(workload: string): string {
  if (isAbsolute(workload)) return workload;
  if (workload.includes("/")) {
    const fromCwd = resolve(workload);
    if (existsSync(fromCwd)) return fromCwd;
  }
  return join(WORKLOADS_DIR, workload);
}

const SYMBOL = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DEFINE = /^[A-Za-z_][A-Za-z0-9_]*(=.*)?$/;
/** Flags a workload may not set itself: they are the build knobs, or they break the ABI. */
const FORBIDDEN_CFLAGS = /^(-march|-mabi|-O|--target|-target|-mcmodel|-fno-PIE|-fno-pie|-shared|-static)/;

/** Reads and validates a workload's workload.json; throws GuestBuildError naming file and key. */
export function readWorkload(workload: string): WorkloadSpec {
  const dir = resolveWorkloadDir(workload);
  const name = basename(dir);
  const metaPath = join(dir, "workload.json");
  const bad = (problem: string): never => {
    throw new GuestBuildError(`build ${workload}: ${metaPath}: ${problem}`, workload);
  };
  if (!existsSync(metaPath)) {
    const hint = existsSync(join(dir, "Cargo.toml")) ? "" : " (and no Cargo.toml)";
    throw new GuestBuildError(`build ${workload}: no workload.json in ${dir}${hint}`, workload);
  }
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(readFileSync(metaPath, "utf8"));
  } catch (e) {
    throw new GuestBuildError(`build ${workload}: cannot read ${metaPath}: ${(e as Error).message}`, workload);
  }
  if (meta === null || typeof meta !== "object" || Array.isArray(meta)) bad("expected a JSON object");
  if (typeof meta.entry !== "string" || !SYMBOL.test(meta.entry)) bad(`"entry" must be a symbol name`);
  if (typeof meta.expected !== "string" || !/^\d+$/.test(meta.expected) || BigInt(meta.expected) >= 1n << 64n) {
    bad(`"expected" must be a decimal u64 string`);
  }
  const language = meta.language ?? "rust";
  const common: WorkloadCommon = {
    name,
    dir,
    entry: meta.entry as string,
    expected: meta.expected as string,
    description: typeof meta.description === "string" ? meta.description : "",
  };
  if (language === "rust") {
    if (!existsSync(join(dir, "Cargo.toml"))) bad(`a Rust workload needs a Cargo.toml beside it`);
    return { ...common, language: "rust" };
  }
  if (language !== "c") return bad(`"language" must be "rust" or "c" (got ${JSON.stringify(language)})`);

  const strings = (key: string, required: boolean): string[] => {
    const v = meta[key];
    if (v === undefined && !required) return [];
    if (!Array.isArray(v) || (required && v.length === 0) || v.some((x) => typeof x !== "string" || x.length === 0)) {
      return bad(`"${key}" must be a ${required ? "non-empty " : ""}list of non-empty strings`);
    }
    return v as string[];
  };
  const debianSources: DebianSourceRef[] = [];
  const ds = meta["debian-sources"];
  if (ds !== undefined) {
    if (!Array.isArray(ds)) bad(`"debian-sources" must be a list of {package, version}`);
    for (const [i, d] of (ds as unknown[]).entries()) {
      const o = d as Record<string, unknown>;
      if (!o || typeof o.package !== "string" || !/^[a-z0-9][a-z0-9+.-]+$/.test(o.package)) {
        bad(`"debian-sources"[${i}].package must be a Debian source package name`);
      }
      if (typeof o.version !== "string" || !/^[A-Za-z0-9.+~:-]+$/.test(o.version)) {
        bad(`"debian-sources"[${i}].version must be an exact Debian version`);
      }
      debianSources.push({ package: o.package as string, version: o.version as string });
    }
  }
  const sources = strings("sources", true);
  const include = strings("include", false);
  for (const [key, list] of [
    ["sources", sources],
    ["include", include],
  ] as const) {
    for (const p of list) {
      if (isAbsolute(p) || p.split("/").includes("..")) bad(`"${key}": "${p}" must stay inside the workload or a package`);
      const pkg = p.match(/^@([^/]+)\//)?.[1];
      if (p.startsWith("@") && (!pkg || !debianSources.some((d) => d.package === pkg))) {
        bad(`"${key}": "${p}" names a package that is not in "debian-sources"`);
      }
    }
  }
  const defines = strings("defines", false);
  for (const d of defines) if (!DEFINE.test(d)) bad(`"defines": "${d}" must be NAME or NAME=VALUE`);
  const cflags = strings("cflags", false);
  for (const f of cflags) {
    if (FORBIDDEN_CFLAGS.test(f)) bad(`"cflags": "${f}" is set by the build (toolchain, extensions, opt-level)`);
  }
  return { ...common, language: "c", sources, include, defines, cflags, debianSources };
}

export function sha256(s: string | Uint8Array): string {
  return createHash("sha256").update(s).digest("hex");
}

/**
 * Every regular file under `dir` (sorted paths relative to `dir`), skipping dot-files,
 * `target/`, Cargo.lock (build output and resolver state) and `*.test.ts` (the lab's
 * tests beside a workload are never compiled into it).
 */
export function listSourceTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      if (ent.name.startsWith(".") || ent.name === "target" || ent.name === "Cargo.lock" || ent.name.endsWith(".test.ts")) continue;
      const p = join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile()) out.push(relative(dir, p));
    }
  };
  if (existsSync(dir) && statSync(dir).isDirectory()) walk(dir);
  return out.sort();
}

/** [relative path, sha256] of every file of `listSourceTree(dir)`. */
export function hashSourceTree(dir: string): [string, string][] {
  return listSourceTree(dir).map((f): [string, string] => [f, sha256(readFileSync(join(dir, f)))]);
}
