/**
 * Headless Chromium for checking that a report opens and draws its charts: Debian's
 * `chromium` package (installed by `bun lab test` when missing, with apt-get, as root).
 * Flags: no sandbox (root in a container), no GPU, and nothing that reaches the network,
 * with a fresh profile directory per call.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { $ } from "zx";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Path of a Chromium binary, or undefined. */
export function findChromium(): string | undefined {
  if (process.env.PVM_LAB_CHROMIUM && existsSync(process.env.PVM_LAB_CHROMIUM)) return process.env.PVM_LAB_CHROMIUM;
  return CANDIDATES.find((p) => existsSync(p));
}

/**
 * Installs Debian's chromium when it is missing (apt-get update + install -y; needs
 * root). Returns the binary's path; throws with apt's last line when it cannot.
 */
export async function ensureChromium(log: (s: string) => void = () => {}): Promise<string> {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error("chromium is missing and installing it needs root (apt-get install chromium)");
  log("installing chromium (apt-get install -y chromium) for the report rendering test");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const q = $({ quiet: true, nothrow: true, env });
  await q`apt-get update -qq`;
  const r = await q`apt-get install -y -qq --no-install-recommends chromium`;
  const bin = findChromium();
  if (!bin) throw new Error(`apt-get install chromium failed: ${(r.stderr || r.stdout).trim().split("\n").at(-1)}`);
  return bin;
}

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"];

/** Runs chromium on `url` with `extra` flags in a fresh profile; returns stdout. */
async function chromium(bin: string, url: string, extra: string[]): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), "pvm-lab-chromium-"));
  try {
    const r = await $({ quiet: true, nothrow: true, timeout: 120_000 })`${bin} ${FLAGS} --user-data-dir=${profile} ${extra} ${url}`;
    if (r.exitCode !== 0) throw new Error(`chromium exited with ${r.exitCode}: ${r.stderr.trim().split("\n").at(-1)}`);
    return r.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The DOM of `file` after its scripts ran. */
export function dumpDom(bin: string, file: string): Promise<string> {
  return chromium(bin, `file://${file}`, ["--virtual-time-budget=5000", "--dump-dom"]);
}

/** A PNG screenshot of `file` (width x height). */
export async function screenshot(bin: string, file: string, width = 1200, height = 2400): Promise<Uint8Array> {
  const out = join(mkdtempSync(join(tmpdir(), "pvm-lab-shot-")), "shot.png");
  await chromium(bin, `file://${file}`, ["--virtual-time-budget=5000", `--window-size=${width},${height}`, `--screenshot=${out}`]);
  const png = readFileSync(out);
  rmSync(out, { force: true });
  return png;
}
