/**
 * Installs a Debian package an anchor build needs on first use (the way the toolchain
 * installer does for the toolchains: toolchains/install.ts), so a fresh machine, CI
 * included, gets it from the code path that needs it. `apt-get update` runs once, only
 * when the install fails (stale package lists on a fresh image).
 */
import { lastLine, run } from "../../../toolchains/common.ts";

const aptEnv = () => ({ ...(process.env as Record<string, string>), DEBIAN_FRONTEND: "noninteractive", LC_ALL: "C" });

/** True when dpkg reports `pkg` as installed. */
export async function aptInstalled(pkg: string): Promise<boolean> {
  const r = await run(["dpkg-query", "-W", "-f=${db:Status-Abbrev}", pkg], { env: aptEnv() });
  return r.code === 0 && r.stdout.startsWith("ii");
}

/** Installs `pkg` unless installed; throws an Error with apt's message when it cannot. */
export async function ensureAptPackage(pkg: string): Promise<void> {
  if (await aptInstalled(pkg)) return;
  if (process.getuid?.() !== 0) throw new Error(`${pkg} is not installed (apt-get install ${pkg} needs root)`);
  const install = ["apt-get", "install", "-y", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300", pkg];
  let r = await run(install, { env: aptEnv() });
  if (r.code !== 0) {
    await run(["apt-get", "update"], { env: aptEnv() });
    r = await run(install, { env: aptEnv() });
  }
  if (r.code !== 0) throw new Error(`apt-get install ${pkg} failed: ${lastLine(r.stderr || r.stdout)}`);
}
