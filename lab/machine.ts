/** What machine a number came from: CPU model, cores, kernel, bun version, git commit. */
import { readFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { $ } from "zx";
import { REPO_ROOT } from "./paths.ts";
import type { MachineInfo } from "./store/db.ts";

/** Reads the host's identity; fields that cannot be read say "unknown". */
export async function machineInfo(): Promise<MachineInfo> {
  let cpu = cpus()[0]?.model ?? "unknown";
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) cpu = m[1]!.trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  let gitCommit = "unknown";
  try {
    const r = await $({ cwd: REPO_ROOT, quiet: true, nothrow: true })`git rev-parse --short=12 HEAD`;
    if (r.exitCode === 0) gitCommit = r.stdout.trim();
    const dirty = await $({ cwd: REPO_ROOT, quiet: true, nothrow: true })`git status --porcelain --untracked-files=no -- engine lab toolchains`;
    if (dirty.exitCode === 0 && dirty.stdout.trim()) gitCommit += "+dirty";
  } catch {
    // no git: keep "unknown"
  }
  return { cpu, cores: cpus().length, kernel: release(), bun: Bun.version, gitCommit };
}

/** One line for reports: "CPU (N cores), Linux x, bun y". */
export function machineLine(m: MachineInfo): string {
  return `${m.cpu} (${m.cores} cores), Linux ${m.kernel}, bun ${m.bun}, commit ${m.gitCommit}`;
}
