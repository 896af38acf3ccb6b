/**
 * Runs a TestVector's steps on a backend and compares every assert: status, pc, gas,
 * registers, page-fault address, host-call index and memory. Memory is compared over
 * every accessible page: listed chunks must match, every other accessible byte must be
 * zero (w3f schema, "expected-memory"). A vector with `block-gas-costs` also has the
 * profile's gas model price every block, compared key by key.
 */
import type { Backend, ExitReason, Instance } from "../backend.ts";
import { diffBlockCosts, formatMismatch } from "../gas/block-cost-diff.ts";
import { BlockCosts } from "../gas/block-costs.ts";
import type { GasCharging, MemoryTier } from "../gas/model.ts";
import { gasModelFor } from "../gas/select.ts";
import type { IsaProfile } from "../isa/index.ts";
import { type CodeBlob, decodeCodeBlob } from "../program/code-blob.ts";
import { analyzeCode } from "../program/code-info.ts";
import { PAGE_SIZE } from "../program/layout.ts";
import type { MemoryChunk, RunResult, TestVector } from "./vector.ts";

export interface VectorRunOptions {
  profile: IsaProfile;
  gasCharging?: GasCharging;
  memoryTier?: MemoryTier;
}

export interface VectorOutcome {
  name: string;
  file: string;
  passed: boolean;
  /** one line per mismatch */
  failures: string[];
  /** the state after the last run step */
  result?: RunResult;
}

/** Non-zero runs of accessible memory, as the result shape's `memory`. */
export function memoryChunks(inst: Instance): MemoryChunk[] {
  const out: MemoryChunk[] = [];
  for (const { page } of inst.pages()) {
    const bytes = inst.readMemory(page * PAGE_SIZE, PAGE_SIZE);
    let i = 0;
    while (i < bytes.length) {
      if (bytes[i] === 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < bytes.length && bytes[j] !== 0) j++;
      const address = page * PAGE_SIZE + i;
      const last = out[out.length - 1];
      if (last && last.address + last.contents.length === address) {
        const merged = new Uint8Array(last.contents.length + (j - i));
        merged.set(last.contents);
        merged.set(bytes.subarray(i, j), last.contents.length);
        last.contents = merged;
      } else out.push({ address, contents: bytes.slice(i, j) });
      i = j;
    }
  }
  return out;
}

/** The result shape for an instance after `exit`. */
export function resultOf(inst: Instance, exit: ExitReason, withMemory = true): RunResult {
  const r: RunResult = {
    status: exit.status,
    pc: exit.pc,
    gas: inst.gas,
    regs: Array.from({ length: 13 }, (_, i) => inst.getReg(i)),
  };
  if (exit.pageFaultAddress !== undefined) r.pageFaultAddress = exit.pageFaultAddress;
  if (exit.hostCall !== undefined) r.hostCall = exit.hostCall;
  if (withMemory) r.memory = memoryChunks(inst);
  return r;
}

function compareMemory(inst: Instance, expected: MemoryChunk[], failures: string[], where: string): void {
  const pages = new Map(inst.pages().map((p) => [p.page, inst.readMemory(p.page * PAGE_SIZE, PAGE_SIZE)]));
  const want = new Map<number, Uint8Array>();
  for (const page of pages.keys()) want.set(page, new Uint8Array(PAGE_SIZE));
  for (const c of expected) {
    for (let i = 0; i < c.contents.length; i++) {
      const a = c.address + i;
      const page = want.get(Math.floor(a / PAGE_SIZE));
      if (!page) {
        failures.push(`${where}memory: expected byte at ${a} but the page is not accessible`);
        return;
      }
      page[a % PAGE_SIZE] = c.contents[i]!;
    }
  }
  for (const [page, bytes] of pages) {
    const w = want.get(page)!;
    for (let i = 0; i < PAGE_SIZE; i++) {
      if (bytes[i] !== w[i]) {
        failures.push(`${where}memory at ${page * PAGE_SIZE + i}: expected ${w[i]}, got ${bytes[i]}`);
        return;
      }
    }
  }
}

function compare(actual: RunResult, expect: RunResult, failures: string[], where: string): void {
  const push = (field: string, e: unknown, a: unknown) => failures.push(`${where}${field}: expected ${e}, got ${a}`);
  if (actual.status !== expect.status) push("status", expect.status, actual.status);
  if (actual.pc !== expect.pc) push("pc", expect.pc, actual.pc);
  if (actual.gas !== expect.gas) push("gas", expect.gas, actual.gas);
  for (let i = 0; i < 13; i++) if (actual.regs[i] !== expect.regs[i]) push(`φ${i}`, expect.regs[i], actual.regs[i]);
  if (expect.pageFaultAddress !== undefined && actual.pageFaultAddress !== expect.pageFaultAddress) {
    push("page-fault address", expect.pageFaultAddress, actual.pageFaultAddress);
  }
  if (expect.hostCall !== undefined && actual.hostCall !== expect.hostCall) push("host-call index", expect.hostCall, actual.hostCall);
}

/** Mismatch lines (at most `limit`, then a count) between the profile's block costs and `expected`. */
export function checkBlockGasCosts(code: CodeBlob, expected: ReadonlyMap<number, number>, opts: VectorRunOptions, limit = 5): string[] {
  const model = gasModelFor(opts.profile, opts.memoryTier);
  const actual = new BlockCosts(analyzeCode(code, opts.profile), model).blocks();
  const diff = diffBlockCosts(expected, actual);
  const lines = diff.slice(0, limit).map((m) => `block-gas-costs: ${formatMismatch(m)}`);
  if (diff.length > limit) lines.push(`block-gas-costs: ${diff.length - limit} more mismatching block(s)`);
  return lines;
}

/** Applies a vector's set-up step (map, write, set-reg) to an instance; false for run/assert. */
export function applySetupStep(inst: Instance, step: TestVector["steps"][number]): boolean {
  switch (step.kind) {
    case "map":
      inst.mapPages(Math.floor(step.address / PAGE_SIZE), Math.ceil(step.length / PAGE_SIZE), step.writable);
      return true;
    case "write":
      inst.writeMemory(step.address, step.contents);
      return true;
    case "set-reg":
      inst.setReg(step.reg, step.value);
      return true;
    default:
      return false;
  }
}

/**
 * Runs `v` on `backend`; never throws for a VM outcome, only for a malformed program
 * blob. `execute` replaces `inst.run()` for run steps (tracing).
 */
export function runVector(v: TestVector, backend: Backend, opts: VectorRunOptions & { trace?: boolean }, execute: (inst: Instance) => ExitReason = (i) => i.run()): VectorOutcome {
  const failures: string[] = [];
  const code = decodeCodeBlob(v.program, `${v.file}: program`);
  const module = backend.compile(code, opts);
  const inst = backend.instantiate(module);
  inst.pc = v.initialPc;
  inst.gas = v.initialGas;
  let result: RunResult | undefined;
  let asserts = 0;
  for (const step of v.steps) {
    if (applySetupStep(inst, step)) continue;
    switch (step.kind) {
      case "run": {
        const exit = execute(inst);
        result = resultOf(inst, exit, false);
        break;
      }
      case "assert": {
        const where = v.steps.filter((s) => s.kind === "assert").length > 1 ? `assert ${asserts + 1}: ` : "";
        asserts++;
        if (!result) {
          failures.push(`${where}assert before any run`);
          break;
        }
        compare(result, step.expect, failures, where);
        compareMemory(inst, step.expect.memory ?? [], failures, where);
        break;
      }
    }
  }
  if (result) result.memory = memoryChunks(inst);
  if (v.blockGasCosts) failures.push(...checkBlockGasCosts(code, v.blockGasCosts, opts));
  return { name: v.name, file: v.file, passed: failures.length === 0, failures, result };
}
