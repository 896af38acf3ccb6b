/** Printing a run's outcome: the result shape as JSON, or a short human summary. */
import { stringifyExact } from "../engine/vectors/exact-json.ts";
import type { RunResult } from "../engine/vectors/vector.ts";

/** The result shape of ARCHITECTURE.md as JSON text (exact u64 decimals). */
export function resultJson(r: RunResult): string {
  return stringifyExact(
    {
      status: r.status,
      pc: r.pc,
      gas: r.gas,
      regs: r.regs,
      "page-fault-address": r.pageFaultAddress,
      "host-call": r.hostCall,
      memory: r.memory?.map((c) => ({ address: c.address, contents: Array.from(c.contents) })),
    },
    2,
  );
}

/** A few lines for people: status, pc, gas, registers. */
export function resultText(r: RunResult, extra: string[] = []): string {
  const lines = [`status: ${r.status}`, `pc: ${r.pc}`, `gas: ${r.gas}`];
  if (r.pageFaultAddress !== undefined) lines.push(`page-fault address: ${r.pageFaultAddress}`);
  if (r.hostCall !== undefined) lines.push(`host call: ${r.hostCall}`);
  lines.push(...extra);
  for (let i = 0; i < 13; i += 4) {
    lines.push(
      r.regs
        .slice(i, i + 4)
        .map((v, j) => `φ${i + j}`.padStart(4) + ` = ${v.toString().padEnd(20)}`)
        .join("  ")
        .trimEnd(),
    );
  }
  return lines.join("\n");
}
