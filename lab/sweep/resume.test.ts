/**
 * Interrupts and crashes of a real `bun lab sweep` subprocess: Ctrl-C (SIGINT) marks
 * the run interrupted, SIGKILL leaves it running; either way `--resume` finishes the
 * run with every grid trial exactly once, none lost and none measured twice.
 */
import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../paths.ts";

// backend x isa around (jit, gp-0.7): 5 trials, all timed (different code or run knobs),
// no new guest build (the jar blob comes from the same ELF); the interpreter trials take
// a few seconds, so there is time to interrupt between trials.
const EXPERIMENT = `name: resume-check
workloads: [sieve]
strategy: grid
baseline: { backend: jit, isa: gp-0.7 }
axes:
  backend: [jit, interpreter]
  isa: [gp-0.7, gp-0.8-draft, jar]
timing: { rounds: 6, samples-per-round: 2, round-ms: 5 }
`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "pvm-lab-resume-"));
  const file = join(dir, "resume.yaml");
  writeFileSync(file, EXPERIMENT);
  const env = { ...process.env, PVM_LAB_DB: join(dir, "lab.sqlite"), PVM_LAB_BEST: join(dir, "best.yaml"), PVM_LAB_REPORTS: join(dir, "reports") };
  return { dir, file, env };
}

const sweep = (file: string, env: Record<string, string | undefined>, resume = false) =>
  Bun.spawn([process.execPath, join(REPO_ROOT, "lab/cli.ts"), "sweep", file, ...(resume ? ["--resume"] : [])], { cwd: REPO_ROOT, env, stdout: "pipe", stderr: "pipe" });

function trials(dbPath: string): number {
  if (!existsSync(dbPath)) return 0;
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.query("SELECT COUNT(*) AS n FROM trials").get() as { n: number }).n;
  } catch {
    return 0; // schema not created yet
  } finally {
    db.close();
  }
}

function state(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  const runs = db.query("SELECT id, status FROM runs").all() as Array<{ id: number; status: string }>;
  const seqs = (db.query("SELECT seq FROM trials ORDER BY seq").all() as Array<{ seq: number }>).map((r) => r.seq);
  const configs = (db.query("SELECT c.key FROM trials t JOIN configs c ON c.id = t.config_id ORDER BY t.seq").all() as Array<{ key: string }>).map((r) => r.key);
  db.close();
  return { runs, seqs, configs };
}

/** Starts a sweep and sends `signal` once at least one trial is stored. */
async function interruptAfterFirstTrial(file: string, env: Record<string, string | undefined>, signal: NodeJS.Signals) {
  const p = sweep(file, env);
  const deadline = Date.now() + 300_000;
  while (trials(env.PVM_LAB_DB!) < 1 && Date.now() < deadline) await Bun.sleep(50);
  p.kill(signal);
  const code = await p.exited;
  return { code, out: await new Response(p.stdout).text() };
}

describe("sweep --resume after an interrupt or a crash", () => {
  for (const signal of ["SIGINT", "SIGKILL"] as const) {
    test(`${signal} mid-run, then --resume: every trial once`, async () => {
      const { file, env } = setup();
      const db = env.PVM_LAB_DB!;
      const first = await interruptAfterFirstTrial(file, env, signal);
      const after = state(db);
      expect(after.runs.length).toBe(1);
      if (signal === "SIGINT") {
        expect(first.code).toBe(130);
        expect(after.runs[0]!.status).toBe("interrupted");
        expect(first.out).toContain("--resume");
      } else {
        expect(after.runs[0]!.status).toBe("running");
      }
      expect(after.seqs.length).toBeGreaterThanOrEqual(1);
      expect(after.seqs.length).toBeLessThan(5);

      const second = sweep(file, env, true);
      const code = await second.exited;
      const out = await new Response(second.stdout).text();
      expect(code).toBe(0);
      expect(out).toContain(`resuming run ${after.runs[0]!.id}: ${after.seqs.length} trial(s) already finished`);
      const done = state(db);
      expect(done.runs).toEqual([{ id: after.runs[0]!.id, status: "finished" }]);
      expect(done.seqs).toEqual([0, 1, 2, 3, 4]);
      expect(new Set(done.configs).size).toBe(5);
      expect(done.configs.slice(0, after.configs.length)).toEqual(after.configs);
    }, 600_000);
  }
});
