/**
 * The naive twin of pipeline-sim.ts (STYLE.md, "fast paths get a naive twin"): the
 * gas-cost-model draft's transition function A.46–A.53 written out step by step, one
 * transition per loop iteration, with the draft's own state (s⃗, c⃗, p⃗, r⃗ as sets, x⃗,
 * x9 as unit vectors), no ring buffer, no producer map, no packed units and no
 * fast-forward. Slow; used only by tests to check the fast simulator.
 *
 * It reads the same per-instruction inputs (pipeline-prep.ts), so it checks the
 * simulation, not the A.10 table.
 */
import type { MemoryTier } from "./model.ts";
import { UNITS_AVAILABLE, type Units } from "./pipeline-costs.ts";
import { F_MOVE, F_TERMINATOR, type PipelineCode, prepareAt } from "./pipeline-prep.ts";

function unpack(v: number): number[] {
  return [0, 1, 2, 3, 4].map((k) => (v >> (4 * k)) & 15);
}

function regsOf(mask: number): Set<number> {
  const out = new Set<number>();
  for (let r = 0; r < 13; r++) if (mask & (1 << r)) out.add(r);
  return out;
}

/** ϱı of A.47 by literal A.46–A.53 (plus the vectors' "whole block decoded" stop rule). */
export function simulateBlockReference(p: PipelineCode, start: number, tier: MemoryTier): number {
  let ip: number | null = start; // ı
  let c9 = 0;
  let n9 = 0;
  let d9 = 4;
  let e9 = 5;
  const s = new Map<number, number>(); // s⃗: live entries only (∅ = deleted)
  const c: number[] = []; // c⃗
  const deps: Set<number>[] = []; // p⃗
  const r: Set<number>[] = []; // r⃗
  const x: number[][] = []; // x⃗
  let x9: number[] = [...(UNITS_AVAILABLE as Units)];
  const fits = (need: number[]) => need.every((v, k) => v <= x9[k]!);
  const ready = (): number | undefined => {
    for (const [j, sj] of [...s].sort((a, b) => a[0] - b[0])) {
      if (sj === 2 && fits(x[j]!) && [...deps[j]!].every((k) => c[k]! <= 0)) return j;
    }
    return undefined;
  };
  for (let n = 0; ; n++) {
    if (ip !== null) prepareAt(p, ip, tier);
    if (n === 0 || (ip !== null && p.decode[ip]! <= d9 && s.size < 32)) {
      // Ξ′ (A.48–A.50)
      const pc: number = ip!;
      const src = regsOf(p.src[pc]!);
      const dst = p.dst[pc]! >= 0 ? new Set([p.dst[pc]!]) : new Set<number>();
      d9 -= p.decode[pc]!;
      if (p.flags[pc]! & F_MOVE) {
        for (let j = 0; j < r.length; j++) {
          const hit = [...r[j]!].some((reg) => src.has(reg));
          r[j] = hit ? new Set([...r[j]!, ...dst]) : new Set([...r[j]!].filter((reg) => !dst.has(reg)));
        }
        ip = p.next[pc]!;
        continue;
      }
      const j = n9;
      s.set(j, 1);
      c[j] = p.latency[pc]!;
      x[j] = unpack(p.units[pc]!);
      deps[j] = new Set(r.flatMap((rk, k) => ([...rk].some((reg) => src.has(reg)) ? [k] : [])));
      for (let k = 0; k < r.length; k++) r[k] = new Set([...r[k]!].filter((reg) => !dst.has(reg)));
      r[j] = dst;
      n9++;
      ip = p.flags[pc]! & F_TERMINATOR ? null : p.next[pc]!;
      continue;
    }
    const start = ready();
    if (start !== undefined && e9 > 0) {
      // Ξ″ (A.51)
      s.set(start, 3);
      x9 = x9.map((v, k) => v - x[start]![k]!);
      e9--;
      continue;
    }
    if (s.size === 0 && ip === null) return Math.max(c9 - 3, 1);
    // Ξ‴ (A.53), every right-hand side on the state before the step
    const before = new Map(s);
    const oldest = [...before.keys()].sort((a, b) => a - b);
    let allDone = true;
    for (const j of oldest) {
      const sj = before.get(j)!;
      allDone = allDone && sj === 4;
      if (allDone) s.delete(j);
      else if (sj === 1) s.set(j, 2);
      else if (sj === 3 && c[j] === 0) s.set(j, 4);
      if (sj === 3 && c[j] === 1) {
        r[j] = new Set();
        x9 = x9.map((v, k) => v + x[j]![k]!);
      }
      if (sj === 3) c[j] = c[j]! - 1;
    }
    c9++;
    d9 = 4;
    e9 = 5;
  }
}
