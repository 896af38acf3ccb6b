/**
 * Debian source packages in the lab cache, through the lab's own apt configuration.
 * The first run on a fresh machine fetches from the Debian archive; later runs are local.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir } from "./common.ts";
import { debianSourceDir, debianSourcePresent, fetchDebianSource } from "./debian-source.ts";

describe("Debian source packages", () => {
  test("names the unpacked tree by package and version (epoch colon escaped)", () => {
    expect(debianSourceDir({ package: "foo", version: "1:2.0-1" }, "/c")).toBe("/c/debian-src/foo_1%3a2.0-1");
  });

  test(
    "libsodium: fetched once with Debian's patches applied, from deb-src lines of the lab's own",
    async () => {
      const ref = { package: "libsodium", version: "1.0.18-1+deb12u1" };
      const dir = await fetchDebianSource(ref);
      expect(debianSourcePresent(ref)).toBe(true);
      expect(existsSync(join(dir, "src", "libsodium", "crypto_sign", "ed25519", "ref10", "open.c"))).toBe(true);
      expect(existsSync(join(dir, "debian", "patches", "series"))).toBe(true);
      const list = readFileSync(join(cacheDir(), "apt-src", "sources.list"), "utf8");
      expect(list).toContain("deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main");
      expect(list).not.toMatch(/^deb /m);
      // the orig tarball is not left beside the tree
      expect(existsSync(join(cacheDir(), "debian-src", "libsodium_1.0.18.orig.tar.gz"))).toBe(false);
      const t = performance.now();
      expect(await fetchDebianSource(ref)).toBe(dir);
      expect(performance.now() - t).toBeLessThan(50);
    },
    10 * 60 * 1000,
  );
});
