/**
 * The gas-cost-model draft's table A.10, keyed by gas class (engine/isa/gas-class.ts):
 * per class the latency č (cycles until the result is ready), the decode slots ď and
 * the execution units x̌ needed to start (A = ALU, L = load, S = store, M = multiplier,
 * D = divider). Units are held from the start of execution until the result is ready.
 *
 * Overlap-dependent decode slots (A.54, A.55):
 *   P(a, b)   a if the destination register is also a source (š ∩ ř ≠ ∅), else b
 *   PS(a, b)  a if φA = φD (register shifts and rotates: only the shifted operand counts)
 * Variable latencies:
 *   "memory"  m of A.56, set by the memory tier (L2 hit 25, L3 hit 37)
 *   "branch"  b of A.57: 1 when the fallthrough or the target byte is `unlikely` or
 *             `trap`, else 20
 */
import type { GasClass } from "../isa/index.ts";
import type { MemoryTier } from "./model.ts";

export type Latency = number | "memory" | "branch";
export type DecodeSlots = number | { readonly rule: "P" | "PS"; readonly overlap: number; readonly otherwise: number };

/** Execution units needed per kind: [A, L, S, M, D]. */
export type Units = readonly [alu: number, load: number, store: number, mul: number, div: number];

export interface ClassCost {
  readonly latency: Latency;
  readonly decode: DecodeSlots;
  readonly units: Units;
}

/** Units available in each cycle, x9(0) of A.45. */
export const UNITS_AVAILABLE: Units = [4, 4, 4, 1, 1];

/** Load latency m per memory tier (A.56), cycles. */
export const MEMORY_LATENCY: Readonly<Record<MemoryTier, number>> = { l2: 25, l3: 37 };

/** Branch latency b (A.57), cycles. */
export const BRANCH_LATENCY_UNLIKELY = 1;
export const BRANCH_LATENCY_LIKELY = 20;

const P = (overlap: number, otherwise: number): DecodeSlots => ({ rule: "P", overlap, otherwise });
const PS = (overlap: number, otherwise: number): DecodeSlots => ({ rule: "PS", overlap, otherwise });
const NONE: Units = [0, 0, 0, 0, 0];
const ALU: Units = [1, 0, 0, 0, 0];
const cost = (latency: Latency, decode: DecodeSlots, units: Units): ClassCost => ({ latency, decode, units });

export const CLASS_COSTS: Readonly<Record<GasClass, ClassCost>> = {
  move_reg: cost(0, 1, NONE),
  alu_64: cost(1, P(1, 2), ALU),
  alu_32: cost(2, P(2, 3), ALU),
  bit_count: cost(1, 1, ALU),
  trailing_zeros: cost(2, 1, [2, 0, 0, 0, 0]),
  shift_64: cost(1, PS(2, 3), ALU),
  shift_32: cost(2, PS(3, 4), ALU),
  shift_alt_64: cost(1, 3, ALU),
  shift_alt_32: cost(2, 4, ALU),
  compare: cost(3, 3, ALU),
  cmov: cost(2, 2, ALU),
  cmov_imm: cost(2, 3, ALU),
  min_max: cost(3, P(2, 3), ALU),
  load: cost("memory", 1, [1, 1, 0, 0, 0]),
  store: cost(25, 1, [1, 0, 1, 0, 0]),
  branch: cost("branch", 1, ALU),
  div: cost(60, 4, [1, 0, 0, 0, 1]),
  and_or_inv: cost(2, 3, ALU),
  xnor: cost(2, P(2, 3), ALU),
  neg_add_64: cost(2, 3, ALU),
  neg_add_32: cost(3, 4, ALU),
  load_imm: cost(1, 1, NONE),
  load_imm_64: cost(1, 2, NONE),
  mul_64: cost(3, P(1, 2), [1, 0, 0, 1, 0]),
  mul_32: cost(4, P(2, 3), [1, 0, 0, 1, 0]),
  mul_upper: cost(4, 4, [1, 0, 0, 1, 0]),
  mul_upper_s_u: cost(6, 4, [1, 0, 0, 1, 0]),
  trap: cost(2, 1, NONE),
  unlikely: cost(40, 1, NONE),
  jump: cost(15, 1, NONE),
  jump_ind: cost(22, 1, NONE),
  host: cost(100, 4, ALU),
};
