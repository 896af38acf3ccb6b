import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withDirLock } from "./lock.ts";

const dir = mkdtempSync(join(tmpdir(), "pvm-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("directory locks", () => {
  test("bodies under one lock never overlap, and the lock is released", async () => {
    const lock = join(dir, "a.lock");
    let inside = 0;
    let most = 0;
    const body = async () => {
      inside++;
      most = Math.max(most, inside);
      await Bun.sleep(20);
      inside--;
    };
    await Promise.all([withDirLock(lock, body), withDirLock(lock, body), withDirLock(lock, body)]);
    expect(most).toBe(1);
    expect(existsSync(lock)).toBe(false);
  });

  test("released when the body throws", async () => {
    const lock = join(dir, "b.lock");
    await expect(withDirLock(lock, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(existsSync(lock)).toBe(false);
  });

  test("a lock of a dead process, or an old one without a pid, is taken over", async () => {
    const dead = join(dir, "c.lock");
    mkdirSync(dead);
    writeFileSync(join(dead, "pid"), "2147483646"); // no such process
    expect(await withDirLock(dead, async () => 1)).toBe(1);
    const orphan = join(dir, "d.lock");
    mkdirSync(orphan);
    const old = new Date(Date.now() - 60_000);
    utimesSync(orphan, old, old);
    expect(await withDirLock(orphan, async () => 2)).toBe(2);
  });

  test("a live holder makes a waiter time out with a message naming the lock", async () => {
    const lock = join(dir, "e.lock");
    mkdirSync(lock);
    writeFileSync(join(lock, "pid"), String(process.pid));
    await expect(withDirLock(lock, async () => 0, { timeoutMs: 300, what: "test" })).rejects.toThrow(/^test: timed out waiting for .*e\.lock \(held by pid \d+\)/);
    rmSync(lock, { recursive: true });
  });
});
