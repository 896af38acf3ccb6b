/**
 * The host-call benchmark (`bun lab bench --suite hostcall`): a hand-assembled loop of
 * 100,000 `ecalli 0` served by the default host's no-op (exit native code, return to
 * JS, resume), per backend. Target (issue "x86-64 JIT"): under 2 ms on the JIT.
 */
import { median } from "simple-statistics";
import type { Backend } from "../../engine/backend.ts";
import { encodeInstruction, type OpcodeName, type Operands } from "../../engine/isa/index.ts";
import type { CodeBlob } from "../../engine/program/code-blob.ts";
import { runWithDefaultHost } from "../host.ts";

export const HOSTCALL_LOOP_COUNT = 100_000;

/** φ7 counts down from 100,000; each turn makes one no-op host call. */
export function hostcallLoop(): CodeBlob {
  const items: Array<[OpcodeName, Operands]> = [
    ["load_imm", { ra: 7, x: HOSTCALL_LOOP_COUNT }],
    ["fallthrough", {}],
    ["ecalli", { x: 0 }],
    ["add_imm_64", { ra: 7, rb: 7, x: -1 }],
    ["branch_ne_imm", { ra: 7, x: 0, y: 0 }],
    ["trap", {}],
  ];
  const bytes: number[] = [];
  const mask: number[] = [];
  let loop = 0;
  for (const [name, ops] of items) {
    if (name === "fallthrough") loop = bytes.length + 1;
    const o = name === "branch_ne_imm" ? { ...ops, y: loop } : ops;
    encodeInstruction("gp-0.7", name, o, bytes.length).forEach((b, i) => {
      bytes.push(b);
      mask.push(i === 0 ? 1 : 0);
    });
  }
  return { code: Uint8Array.from(bytes), mask: Uint8Array.from(mask), jumpTable: new Uint32Array() };
}

export interface HostcallBench {
  backend: string;
  calls: number;
  medianNs: number;
  nsPerCall: number;
}

/**
 * Median time of the 100,000-call loop on `backend`, from the first instruction to the
 * last exit; creating the instance (for the JIT: reserving its 4 GiB window) is set-up
 * and stays off the clock, so mitata's per-call timer cannot be used here. Throws if a
 * run goes wrong.
 */
export async function benchHostcalls(backend: Backend, samples = 21): Promise<HostcallBench> {
  const module = backend.compile(hostcallLoop(), { profile: "gp-0.7", gasCharging: "block" });
  const times: number[] = [];
  for (let k = 0; k < samples + 2; k++) {
    const inst = backend.instantiate(module);
    inst.gas = 10n ** 9n;
    const t0 = Bun.nanoseconds();
    const r = runWithDefaultHost(inst);
    const t = Bun.nanoseconds() - t0;
    inst.dispose?.();
    if (r.hostCalls !== HOSTCALL_LOOP_COUNT || r.exit.status !== "panic") throw new Error(`hostcall loop: ${r.hostCalls} calls, ${r.exit.status}`);
    if (k >= 2) times.push(t); // two warm-up runs let JSC compile the host loop
  }
  const medianNs = median(times);
  return { backend: backend.name, calls: HOSTCALL_LOOP_COUNT, medianNs, nsPerCall: medianNs / HOSTCALL_LOOP_COUNT };
}
