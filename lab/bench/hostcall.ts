/**
 * The host-call benchmark (`bun lab bench --suite hostcall`): a hand-assembled loop of
 * 100,000 `ecalli 0` served by the default host's no-op (exit native code, return to
 * JS, resume), per backend. Target (issue "x86-64 JIT"): under 2 ms on the JIT.
 */
import { measure } from "mitata";
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

/** Median time of the whole 100,000-call loop on `backend`. Throws if a run goes wrong. */
export async function benchHostcalls(backend: Backend): Promise<HostcallBench> {
  const module = backend.compile(hostcallLoop(), { profile: "gp-0.7", gasCharging: "block" });
  const once = () => {
    const inst = backend.instantiate(module);
    inst.gas = 10n ** 9n;
    const r = runWithDefaultHost(inst);
    inst.dispose?.();
    if (r.hostCalls !== HOSTCALL_LOOP_COUNT || r.exit.status !== "panic") throw new Error(`hostcall loop: ${r.hostCalls} calls, ${r.exit.status}`);
  };
  once();
  const st = await measure(once, { min_samples: 5, max_samples: 20, min_cpu_time: 0 } as Parameters<typeof measure>[1]);
  return { backend: backend.name, calls: HOSTCALL_LOOP_COUNT, medianNs: st.p50, nsPerCall: st.p50 / HOSTCALL_LOOP_COUNT };
}
