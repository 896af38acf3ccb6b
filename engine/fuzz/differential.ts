/**
 * Differential execution: one FuzzCase on two backends, compared exit by exit
 * (status, pc, gas, φ0..φ12, page-fault address, host-call index, all accessible
 * memory). Host calls are resumed (up to MAX_HOST_CALLS) so code after them is
 * compared too.
 */
import type { Backend, ExitReason, Instance } from "../backend.ts";
import type { GasCharging } from "../gas/model.ts";
import { PAGE_SIZE } from "../program/layout.ts";
import type { FuzzCase } from "./generate.ts";

const MAX_HOST_CALLS = 3;

export interface Outcome {
  exits: ExitReason[];
  gas: bigint[];
  regs: bigint[][];
  memory: Map<number, Uint8Array>;
}

function start(backend: Backend, c: FuzzCase, charging: GasCharging | undefined): { inst: Instance; dispose: () => void } {
  const module = backend.compile(c.code, { profile: c.profile, gasCharging: charging });
  const inst = backend.instantiate(module);
  for (const r of c.regions) {
    inst.mapPages(r.address / PAGE_SIZE, r.length / PAGE_SIZE, r.writable);
    inst.writeMemory(r.address, r.data);
  }
  c.regs.forEach((v, i) => inst.setReg(i, v));
  inst.gas = c.gas;
  inst.pc = 0;
  inst.setHeapTop(c.heapStart);
  return {
    inst,
    dispose: () => {
      inst.dispose?.();
      module.dispose?.();
    },
  };
}

/** Runs `c` on `backend` and records every exit. */
export function execute(backend: Backend, c: FuzzCase, charging?: GasCharging): Outcome {
  const { inst, dispose } = start(backend, c, charging);
  try {
    const out: Outcome = { exits: [], gas: [], regs: [], memory: new Map() };
    for (let k = 0; ; k++) {
      const exit = inst.run();
      out.exits.push(exit);
      out.gas.push(inst.gas);
      out.regs.push(Array.from({ length: 13 }, (_, i) => inst.getReg(i)));
      if ((exit.status !== "host" && exit.status !== "ecall") || k >= MAX_HOST_CALLS) break;
      inst.resumeAfterHostCall();
    }
    for (const { page } of inst.pages()) out.memory.set(page, inst.readMemory(page * PAGE_SIZE, PAGE_SIZE));
    return out;
  } finally {
    dispose();
  }
}

/** The first difference between two outcomes, as one line; undefined when equal. */
export function difference(a: Outcome, b: Outcome): string | undefined {
  const n = Math.max(a.exits.length, b.exits.length);
  for (let k = 0; k < n; k++) {
    const ea = a.exits[k];
    const eb = b.exits[k];
    const at = `exit ${k + 1}`;
    if (!ea || !eb) return `${at}: one backend stopped earlier`;
    for (const f of ["status", "pc", "pageFaultAddress", "hostCall"] as const) {
      if (ea[f] !== eb[f]) return `${at}: ${f} ${String(ea[f])} vs ${String(eb[f])}`;
    }
    if (a.gas[k] !== b.gas[k]) return `${at}: gas ${a.gas[k]} vs ${b.gas[k]}`;
    for (let i = 0; i < 13; i++) if (a.regs[k]![i] !== b.regs[k]![i]) return `${at}: φ${i} ${a.regs[k]![i]} vs ${b.regs[k]![i]}`;
  }
  const pa = [...a.memory.keys()].sort((x, y) => x - y);
  const pb = [...b.memory.keys()].sort((x, y) => x - y);
  if (pa.join() !== pb.join()) return `mapped pages differ: ${pa.length} vs ${pb.length}`;
  for (const p of pa) {
    const x = a.memory.get(p)!;
    const y = b.memory.get(p)!;
    for (let i = 0; i < PAGE_SIZE; i++) if (x[i] !== y[i]) return `memory at ${p * PAGE_SIZE + i}: ${x[i]} vs ${y[i]}`;
  }
  return undefined;
}
