/**
 * Scratch registers for lowerings that need a temporary (some Zba/Zbb/Zbs forms when rd
 * aliases a source, orc.b, x0 operands of ops without an immediate form).
 *
 * All 13 PVM registers hold RISC-V registers (riscv/registers.ts), so a temporary is
 * either
 *   - a register that is dead at this point: the RISC-V code writes it before reading
 *     it in the straight-line run that follows (same basic block, no control transfer
 *     in between; `deadAfter`), which costs nothing; or
 *   - a parked one: its value is saved in the bytes below sp and reloaded afterwards
 *     (the psABI gives no red zone, so nothing lives there — memory.ts parks a register
 *     the same way for loads into x0). Slot i is [sp - 8(i+1)].
 *
 * When the result goes to sp itself and registers are parked, the result is computed
 * into an extra parked register, stored below the old sp, and sp is loaded last, so
 * every slot is addressed from the same sp.
 */
import { nextAddr, type RvInstruction } from "../riscv/decode.ts";
import { readsReg, writtenReg, isControlTransfer } from "../riscv/operands.ts";
import { pvmRegOf } from "../riscv/registers.ts";
import type { PvmOp } from "./pvm-op.ts";

const SP = pvmRegOf(2)!;
/** Parking preference: temporaries first, then argument registers from the top, then saved registers. */
const PARK_ORDER = [5, 6, 7, 15, 14, 13, 12, 11, 10, 9, 8, 1].map((x) => pvmRegOf(x)!);

/** Where a lowering may take temporaries from. */
export interface ScratchPool {
  /** PVM registers that are dead just after the instruction being lowered (never sp) */
  free(): readonly number[];
}

/** A pool with no dead registers: every temporary is parked. */
export const PARK_ONLY: ScratchPool = { free: () => [] };

/**
 * The PVM registers (other than sp) that the RISC-V code after `instructions[i]`
 * overwrites before reading, in the straight-line run up to the next leader or control
 * transfer. A conservative answer: a register not seen at all counts as live.
 */
export function deadAfter(instructions: readonly RvInstruction[], i: number, leaders: ReadonlySet<number>): number[] {
  const dead: number[] = [];
  const seen = new Set<number>();
  for (let j = i + 1; j < instructions.length; j++) {
    const ins = instructions[j]!;
    if (ins.addr !== nextAddr(instructions[j - 1]!) || leaders.has(ins.addr)) break;
    for (let x = 1; x < 16; x++) if (!seen.has(x) && readsReg(ins, x)) seen.add(x);
    const w = writtenReg(ins);
    if (w !== 0 && !seen.has(w)) {
      seen.add(w);
      const r = pvmRegOf(w);
      if (r !== undefined && r !== SP) dead.push(r);
    }
    if (isControlTransfer(ins)) break;
  }
  return dead;
}

/**
 * Lowers with `n` temporaries that differ from rd and from every register in `avoid`
 * (the instruction's PVM source operands). `body(scratch, out)` computes the result into `out`
 * (= rd, unless rd is sp and temporaries had to be parked).
 */
export function withScratch(pool: ScratchPool, n: number, avoid: readonly number[], rd: number, body: (scratch: number[], out: number) => PvmOp[]): PvmOp[] {
  const free = pool.free().filter((r) => r !== SP && r !== rd && !avoid.includes(r));
  if (free.length >= n) return body(free.slice(0, n), rd);
  const needOut = rd === SP;
  const parked = PARK_ORDER.filter((r) => !avoid.includes(r) && r !== rd).slice(0, n + (needOut ? 1 : 0));
  if (parked.length < n + (needOut ? 1 : 0)) throw new Error(`withScratch: no register left to park (avoid ${avoid.join(",")})`);
  const slot = (k: number) => -8 * (k + 1);
  const save: PvmOp[] = parked.map((r, k) => ({ name: "store_ind_u64", ops: { ra: r, rb: SP, x: slot(k) } }));
  const restore: PvmOp[] = parked.map((r, k) => ({ name: "load_ind_u64", ops: { ra: r, rb: SP, x: slot(k) } }));
  if (!needOut) return [...save, ...body(parked.slice(0, n), rd), ...restore];
  const out = parked[n]!;
  const resultSlot = slot(parked.length);
  return [
    ...save,
    ...body(parked.slice(0, n), out),
    { name: "store_ind_u64", ops: { ra: out, rb: SP, x: resultSlot } },
    ...restore,
    { name: "load_ind_u64", ops: { ra: SP, rb: SP, x: resultSlot } },
  ];
}
