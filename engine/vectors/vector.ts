/**
 * Test vectors of both shared suites, read into one step-based shape:
 *  - w3f PVM v0.4 (flat: initial-* / expected-* keys; schema in shared/vectors/w3f-pvm-v0.4)
 *  - jam-gas-cost-model (steps: set-reg, map, write, run, assert; block-gas-costs)
 * Every field is type-checked; a missing or mistyped one is a FormatError naming the
 * file and the key path, never a silent pass.
 */
import { type Json, parseExactJson } from "./exact-json.ts";
import { blockGasCosts, Fields, type MemoryChunk, type VectorStatus } from "./fields.ts";

export type { MemoryChunk, VectorStatus };

/** The result shape of ARCHITECTURE.md ("Results: one shape everywhere"). */
export interface RunResult {
  status: VectorStatus | "ecall";
  pc: number;
  gas: bigint;
  regs: bigint[];
  pageFaultAddress?: number;
  hostCall?: bigint;
  memory?: MemoryChunk[];
}

export type VectorStep =
  | { kind: "map"; address: number; length: number; writable: boolean }
  | { kind: "write"; address: number; contents: Uint8Array }
  | { kind: "set-reg"; reg: number; value: bigint }
  | { kind: "run" }
  | { kind: "assert"; expect: RunResult };

export interface TestVector {
  name: string;
  file: string;
  /** the generic code blob (GP A.2) */
  program: Uint8Array;
  initialPc: number;
  initialGas: bigint;
  steps: VectorStep[];
  /** expected gas per block start (gas-cost-model suite only) */
  blockGasCosts?: Map<number, number>;
  suite: "w3f" | "gas-cost-model";
}

/** Gas in the vectors is I64; a negative value cannot be a remaining balance. */
const gasRange = (f: Fields, v: Json | undefined, path: string) => f.big(v, path, 0n, (1n << 63n) - 1n);

function parseW3f(f: Fields, o: { [k: string]: Json }): TestVector {
  const steps: VectorStep[] = [];
  f.arr(o["initial-page-map"], "initial-page-map").forEach((p, i) => {
    const e = f.obj(p, `initial-page-map[${i}]`);
    steps.push({
      kind: "map",
      address: f.u32(e.address, `initial-page-map[${i}].address`),
      length: f.u32(e.length, `initial-page-map[${i}].length`),
      writable: f.bool(e["is-writable"], `initial-page-map[${i}].is-writable`),
    });
  });
  for (const c of f.memory(o["initial-memory"], "initial-memory")) steps.push({ kind: "write", ...c });
  f.regs(o["initial-regs"], "initial-regs").forEach((value, reg) => steps.push({ kind: "set-reg", reg, value }));
  steps.push({ kind: "run" });
  const status = f.status(o["expected-status"], "expected-status");
  const expect: RunResult = {
    status,
    pc: f.u32(o["expected-pc"], "expected-pc"),
    gas: gasRange(f, o["expected-gas"], "expected-gas"),
    regs: f.regs(o["expected-regs"], "expected-regs"),
    memory: f.memory(o["expected-memory"], "expected-memory"),
  };
  if (status === "page-fault") expect.pageFaultAddress = f.u32(o["expected-page-fault-address"], "expected-page-fault-address");
  if (status === "host") expect.hostCall = f.u64(o["expected-host-call-index"], "expected-host-call-index");
  steps.push({ kind: "assert", expect });
  return {
    name: f.str(o.name, "name"),
    file: f.file,
    program: f.bytes(o.program, "program"),
    initialPc: f.u32(o["initial-pc"], "initial-pc"),
    initialGas: gasRange(f, o["initial-gas"], "initial-gas"),
    steps,
    suite: "w3f",
  };
}

function parseSteps(f: Fields, o: { [k: string]: Json }): TestVector {
  const steps = f.arr(o.steps, "steps").map((s, i): VectorStep => {
    const p = `steps[${i}]`;
    const e = f.obj(s, p);
    const kind = f.str(e.kind, `${p}.kind`);
    switch (kind) {
      case "map":
        return { kind, address: f.u32(e.address, `${p}.address`), length: f.u32(e.length, `${p}.length`), writable: f.bool(e.is_writable, `${p}.is_writable`) };
      case "write":
        return { kind, address: f.u32(e.address, `${p}.address`), contents: f.bytes(e.contents, `${p}.contents`) };
      case "set-reg": {
        const reg = Number(f.big(e.reg, `${p}.reg`, 0n, 12n));
        return { kind, reg, value: f.u64(e.value, `${p}.value`) };
      }
      case "run":
        return { kind };
      case "assert": {
        const status = f.status(e.status, `${p}.status`);
        const expect: RunResult = {
          status,
          pc: f.u32(e.pc, `${p}.pc`),
          gas: gasRange(f, e.gas, `${p}.gas`),
          regs: f.regs(e.regs, `${p}.regs`),
          memory: f.memory(e.memory, `${p}.memory`),
        };
        if (status === "page-fault") expect.pageFaultAddress = f.u32(e.page_fault_address, `${p}.page_fault_address`);
        if (status === "host") expect.hostCall = f.u64(e.host_call_index, `${p}.host_call_index`);
        return { kind, expect };
      }
      default:
        return f.fail(`${p}.kind`, `"${kind}" is not one of map, write, set-reg, run, assert`);
    }
  });
  return {
    name: f.str(o.name, "name"),
    file: f.file,
    program: f.bytes(o.program, "program"),
    initialPc: f.u32(o["initial-pc"], "initial-pc"),
    initialGas: gasRange(f, o["initial-gas"], "initial-gas"),
    steps,
    blockGasCosts: o["block-gas-costs"] === undefined ? undefined : blockGasCosts(f, o["block-gas-costs"], "block-gas-costs"),
    suite: "gas-cost-model",
  };
}

/** Parses vector JSON text from `file`. Throws FormatError (file + key) when malformed. */
export function parseVector(text: string, file: string): TestVector {
  const f = new Fields(file);
  const o = f.obj(parseExactJson(text, file), "(top level)");
  return o.steps !== undefined ? parseSteps(f, o) : parseW3f(f, o);
}

/** Reads and parses a vector file. */
export async function readVector(file: string): Promise<TestVector> {
  return parseVector(await Bun.file(file).text(), file);
}
