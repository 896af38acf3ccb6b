/**
 * A cross-process lock on a directory of the lab cache: an atomic `mkdir <path>` holding
 * the owner's pid. Installers, source fetchers and sysroot builders take one so that
 * tests and CLI runs started at the same time do not unpack into the same place twice.
 * A lock whose owner process is gone is taken over.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface LockOptions {
  /** Progress messages (told once when waiting). */
  log?: (s: string) => void;
  /** Give up after this long, ms (default 20 minutes: a cold toolchain install). */
  timeoutMs?: number;
  /** Prefix of error messages, e.g. "install". */
  what?: string;
}

/** Runs `body` while holding the lock directory `lockPath`; always releases it. */
export async function withDirLock<T>(lockPath: string, body: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const what = opts.what ?? "lock";
  mkdirSync(dirname(lockPath), { recursive: true });
  const deadline = Date.now() + (opts.timeoutMs ?? 20 * 60 * 1000);
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockPath);
      writeFileSync(`${lockPath}/pid`, String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new Error(`${what}: cannot create ${lockPath}: ${(e as Error).message}`);
      }
    }
    let owner = 0;
    try {
      owner = Number(readFileSync(`${lockPath}/pid`, "utf8"));
    } catch {}
    let alive = false;
    if (owner > 0) {
      try {
        process.kill(owner, 0);
        alive = true;
      } catch {}
    }
    // A dead owner, or a lock directory left without a pid file by a process killed
    // between mkdir and write (older than a few seconds), is taken over.
    if ((!alive && owner > 0) || (owner === 0 && ageMs(lockPath) > 10_000)) {
      rmSync(lockPath, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${what}: timed out waiting for ${lockPath} (held by pid ${owner || "?"})`);
    if (!told) opts.log?.(`waiting for another process (${lockPath})`);
    told = true;
    // A lock without a pid file yet is being created right now: poll quickly.
    await Bun.sleep(owner > 0 ? 500 : 100);
  }
  try {
    return await body();
  } finally {
    rmSync(lockPath, { recursive: true, force: true });
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
