/**
 * A fuzz mismatch as a test vector (jam-gas-cost-model steps format, readable by
 * `bun lab run` / `conformance`): map and write the case's memory, set registers, run,
 * and assert the reference interpreter's first exit. Later exits (after host calls)
 * are listed under "note".
 */
import { encodeCodeBlob } from "../program/code-blob.ts";
import { PAGE_SIZE } from "../program/layout.ts";
import type { Mismatch } from "./campaign.ts";

function memoryOf(o: Mismatch["expected"]): Array<{ address: number; contents: number[] }> {
  const out: Array<{ address: number; contents: number[] }> = [];
  for (const [page, bytes] of [...o.memory].sort(([a], [b]) => a - b)) {
    let i = 0;
    while (i < PAGE_SIZE) {
      if (!bytes[i]) {
        i++;
        continue;
      }
      let j = i;
      while (j < PAGE_SIZE && bytes[j]) j++;
      out.push({ address: page * PAGE_SIZE + i, contents: Array.from(bytes.subarray(i, j)) });
      i = j;
    }
  }
  return out;
}

/** The reproducer as a plain object (bigints stay bigints; write it with stringifyExact). */
export function reproducerVector(m: Mismatch): Record<string, unknown> {
  const c = m.case;
  const e = m.expected;
  const first = e.exits[0]!;
  const steps: Record<string, unknown>[] = [];
  for (const r of c.regions) steps.push({ kind: "map", address: r.address, length: r.length, is_writable: r.writable });
  for (const r of c.regions) steps.push({ kind: "write", address: r.address, contents: Array.from(r.data) });
  c.regs.forEach((value, reg) => steps.push({ kind: "set-reg", reg, value }));
  steps.push({ kind: "run" });
  const assert: Record<string, unknown> = { kind: "assert", status: first.status, pc: first.pc, gas: e.gas[0], regs: e.regs[0], memory: e.exits.length === 1 ? memoryOf(e) : [] };
  if (first.pageFaultAddress !== undefined) assert.page_fault_address = first.pageFaultAddress;
  if (first.hostCall !== undefined) assert.host_call_index = first.hostCall;
  steps.push(assert);
  return {
    name: `fuzz_seed_${m.seed}_${m.profile}${m.charging ? `_${m.charging}` : ""}`,
    note: `differential fuzz mismatch: ${m.difference}; profile ${m.profile}${m.charging ? `, gas charging ${m.charging}` : ""}; heap (sbrk) starts at ${c.heapStart}; host calls are resumed by the fuzzer (${e.exits.length} exit(s))`,
    "initial-pc": 0,
    "initial-gas": c.gas,
    program: Array.from(encodeCodeBlob(c.code)),
    steps,
  };
}
