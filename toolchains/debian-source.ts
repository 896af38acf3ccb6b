/**
 * Debian source packages for C workloads (libsodium, libsecp256k1, ...), fetched with
 * `apt-get source` into the lab cache, never into the repository.
 *
 * apt runs with the lab's own configuration, so the system's apt setup is never
 * touched: a sources list with only `deb-src` entries, and private lists/cache dirs.
 *
 *   <cache>/apt-src/sources.list      deb-src lines (bookworm main + bookworm-security)
 *   <cache>/apt-src/parts/            empty: hides /etc/apt/sources.list.d
 *   <cache>/apt-src/lists/            Sources indices (about 20 MB after `update`)
 *   <cache>/apt-src/cache/            apt's package cache files
 *   <cache>/debian-src/<pkg>_<ver>/   the unpacked tree (dpkg-source -x, Debian patches
 *                                     applied); `.complete` is written last
 *
 * Needs root for nothing but `apt-get install dpkg-dev` when dpkg-source is missing;
 * the Debian archive must be reachable on first use (later uses are offline).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, lastLine, run, which } from "./common.ts";
import { withDirLock } from "./lock.ts";
import type { DebianSourceRef } from "./workload.ts";

/** Archive suites searched for source packages (pinned versions may live in either). */
const DEB_SRC_LINES = [
  "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main",
  "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main",
];

/** Where an unpacked source package lives (whether or not it is there yet). */
export function debianSourceDir(ref: DebianSourceRef, cache = cacheDir()): string {
  return join(cache, "debian-src", `${ref.package}_${ref.version.replace(/:/g, "%3a")}`);
}

/** True when the package is unpacked completely. */
export function debianSourcePresent(ref: DebianSourceRef, cache = cacheDir()): boolean {
  return existsSync(join(debianSourceDir(ref, cache), ".complete"));
}

function aptOptions(root: string): string[] {
  return [
    "-o",
    `Dir::Etc::SourceList=${join(root, "sources.list")}`,
    "-o",
    `Dir::Etc::SourceParts=${join(root, "parts")}`,
    "-o",
    `Dir::State::Lists=${join(root, "lists")}`,
    "-o",
    `Dir::Cache=${join(root, "cache")}`,
    // The files land in lab-owned directories that apt's _apt sandbox user cannot write.
    "-o",
    "APT::Sandbox::User=root",
    "-o",
    "Acquire::Retries=3",
  ];
}

function aptEnv(): Record<string, string> {
  return { ...(process.env as Record<string, string>), DEBIAN_FRONTEND: "noninteractive", LC_ALL: "C" };
}

/**
 * Returns the directory of the unpacked source package `ref`, fetching and unpacking it
 * first when needed. Throws an Error with a one-line message naming the step.
 */
export async function fetchDebianSource(ref: DebianSourceRef, log: (s: string) => void = () => {}): Promise<string> {
  const cache = cacheDir();
  const dest = debianSourceDir(ref, cache);
  if (debianSourcePresent(ref, cache)) return dest;
  const root = join(cache, "apt-src");
  await withDirLock(
    join(cache, ".apt-src.lock"),
    async () => {
      if (debianSourcePresent(ref, cache)) return;
      const what = `fetch ${ref.package}=${ref.version}`;
      if (!which("dpkg-source")) {
        log(`${what}: apt-get install dpkg-dev (for dpkg-source)`);
        const r = await run(["apt-get", "install", "-y", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300", "dpkg-dev"], {
          env: aptEnv(),
        });
        if (r.code !== 0) throw new Error(`${what}: apt-get install dpkg-dev failed: ${lastLine(r.stderr)}`);
      }
      for (const d of ["lists/partial", "cache/archives/partial", "parts"]) mkdirSync(join(root, d), { recursive: true });
      writeFileSync(join(root, "sources.list"), `# Written by toolchains/debian-source.ts\n${DEB_SRC_LINES.join("\n")}\n`);

      const download = join(cache, "debian-src", `.download-${process.pid}`);
      rmSync(download, { recursive: true, force: true });
      mkdirSync(download, { recursive: true });
      try {
        const get = () =>
          run(["apt-get", ...aptOptions(root), "source", "--download-only", `${ref.package}=${ref.version}`], {
            cwd: download,
            env: aptEnv(),
          });
        let r = await get();
        if (r.code !== 0) {
          // First use, or the indices are stale: refresh the lab's own Sources lists.
          log(`${what}: apt-get update (lab deb-src lists)`);
          const u = await run(["apt-get", ...aptOptions(root), "update"], { env: aptEnv() });
          if (u.code !== 0) throw new Error(`${what}: apt-get update failed: ${aptError(u.stderr)}`);
          r = await get();
        }
        if (r.code !== 0) throw new Error(`${what}: apt-get source failed: ${aptError(r.stderr || r.stdout)}`);
        const dsc = readdirSync(download).find((f) => f.endsWith(".dsc"));
        if (!dsc) throw new Error(`${what}: apt-get source downloaded no .dsc`);

        const staging = `${dest}.partial`;
        rmSync(staging, { recursive: true, force: true });
        log(`${what}: dpkg-source -x ${dsc}`);
        const x = await run(["dpkg-source", "--no-copy", "-x", join(download, dsc), staging], {
          cwd: download,
          env: aptEnv(),
        });
        if (x.code !== 0) throw new Error(`${what}: dpkg-source -x failed: ${lastLine(x.stderr || x.stdout)}`);
        writeFileSync(join(staging, ".complete"), `${ref.package} ${ref.version}\n`);
        rmSync(dest, { recursive: true, force: true });
        renameSync(staging, dest);
      } finally {
        rmSync(download, { recursive: true, force: true });
      }
    },
    { what: "fetch sources", log },
  );
  return dest;
}

/** The most telling line of apt's output: the first `E:` line, else the last line. */
function aptError(s: string): string {
  const e = s.split("\n").find((l) => l.startsWith("E:"));
  return (e ?? lastLine(s)).trim() || "unknown error";
}
