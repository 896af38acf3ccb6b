/**
 * Memory value tracking inside one basic block, shared by the peephole pass (slots
 * addressed through any register but sp, and absolute addresses) and the stack-frame
 * pass (slots addressed through sp):
 *
 * - load forwarding: a load from a slot whose bytes a register (or a constant) is known
 *   to hold — stored there, or loaded from there before, with neither the base nor the
 *   value register written since — becomes a register op: move_reg (8 bytes), or the
 *   extension of the low bytes (add_imm_32 x, 0 = sign-extended low word; sign_extend_8/16,
 *   zero_extend_16, and_imm 255). A zero-extended 4-byte load has no one-instruction
 *   form and stays. A load that would only reload the value its destination already
 *   holds is dropped. The earlier access touched the same bytes, so the load could not
 *   fault where it would have (GP A.7).
 * - dead stores: a store to exactly the bytes of an earlier store in the block, with no
 *   load or host call in between that could read them, makes the earlier one dead.
 *
 * Aliasing: two accesses through the same base register (unchanged in between) overlap
 * iff their offset ranges do; absolute addresses compare directly; anything else may
 * alias. With `privateStack` (the stack-frame pass proves sp never escapes: no register
 * ever holds a stack address but sp), sp-based slots cannot alias any other access.
 */
import { type Op, SP, memAccess, regEffects } from "./effects.ts";
import { loadConst } from "./fold.ts";

export interface MemoryPolicy {
  /** which slots this pass tracks and rewrites */
  slots: "sp" | "not-sp";
  /** sp-based accesses never alias non-sp ones (sp does not escape) */
  privateStack: boolean;
}

interface Slot {
  base: number;
  offset: number;
  size: number;
  /** the register whose low `size` bytes are the slot, or -1 with `value` */
  reg: number;
  /** `reg` holds exactly what a load of this kind (EXTEND key) would give */
  exact?: string;
  value?: bigint;
  /** index (in the output) of a store to exactly these bytes not read since, for dead-store elimination */
  pendingStore?: number;
}

const EXTEND: Record<string, (d: number, s: number) => Op | undefined> = {
  "8": (d, s) => ({ name: "move_reg", ops: { rd: d, ra: s } }),
  "4s": (d, s) => ({ name: "add_imm_32", ops: { ra: d, rb: s, x: 0 } }),
  "4u": () => undefined,
  "2s": (d, s) => ({ name: "sign_extend_16", ops: { rd: d, ra: s } }),
  "2u": (d, s) => ({ name: "zero_extend_16", ops: { rd: d, ra: s } }),
  "1s": (d, s) => ({ name: "sign_extend_8", ops: { rd: d, ra: s } }),
  "1u": (d, s) => ({ name: "and_imm", ops: { ra: d, rb: s, x: 255 } }),
};

function extendConst(c: bigint, size: number, signed: boolean): bigint {
  const bits = BigInt(8 * size);
  const low = BigInt.asUintN(Number(bits), c);
  return signed ? BigInt.asUintN(64, BigInt.asIntN(Number(bits), low)) : low;
}

export interface MemoryResult {
  body: Op[];
  /** loads turned into register ops */
  changed: number;
  /** loads and stores deleted */
  removed: number;
}

/** Rewrites the loads and stores of one block body under `policy`. */
export function forwardMemory(body: readonly Op[], policy: MemoryPolicy): MemoryResult {
  const out: (Op | null)[] = [];
  let slots: Slot[] = [];
  let changed = 0;
  let removed = 0;
  const tracked = (base: number) => (policy.slots === "sp" ? base === SP : base !== SP);
  const mayAlias = (s: Slot, base: number, offset: number, size: number) => {
    if (s.base === base) return s.offset < offset + size && offset < s.offset + s.size;
    if (policy.privateStack && (s.base === SP) !== (base === SP)) return false;
    return true;
  };
  const forgetRegs = (mask: number) => {
    slots = slots.filter((s) => !(s.base >= 0 && mask & (1 << s.base)) && !(s.reg >= 0 && mask & (1 << s.reg)));
  };
  for (const op of body) {
    const acc = memAccess(op);
    if (op.name === "ecalli" || op.name === "ecall" || op.name === "sbrk") {
      // the host may read and write any memory
      slots = [];
      out.push(op);
      forgetRegs(regEffects(op).def);
      continue;
    }
    if (!acc) {
      out.push(op);
      forgetRegs(regEffects(op).def);
      continue;
    }
    if (!acc.write) {
      const dest = op.ops.ra!;
      // any load may read bytes a pending store wrote
      for (const s of slots) if (mayAlias(s, acc.base, acc.offset, acc.size)) s.pendingStore = undefined;
      const hit = tracked(acc.base) ? slots.find((s) => s.base === acc.base && s.offset === acc.offset && s.size >= acc.size) : undefined;
      const kind = acc.size === 8 ? "8" : `${acc.size}${acc.signed ? "s" : "u"}`;
      let replacement: Op | null | undefined;
      if (hit && hit.reg < 0) {
        replacement = loadConst(dest, extendConst(hit.value!, acc.size, acc.signed), op.src);
      } else if (hit && hit.reg === dest && hit.exact === kind) {
        replacement = null; // dest already holds exactly what the load would give
      } else if (hit) {
        const r = EXTEND[kind]!(dest, hit.reg);
        if (r) replacement = { ...r, src: op.src };
      }
      if (replacement === null) {
        removed++;
      } else if (replacement) {
        out.push(replacement);
        changed++;
      } else {
        out.push(op);
      }
      forgetRegs(1 << dest);
      // keep a wider slot already known (a narrower load must not shadow it)
      if (tracked(acc.base) && acc.base !== dest && !slots.some((s) => s.base === acc.base && s.offset === acc.offset)) {
        slots.push({ base: acc.base, offset: acc.offset, size: acc.size, reg: dest, exact: kind });
      }
      continue;
    }
    // a store
    const exact = slots.find((s) => s.base === acc.base && s.offset === acc.offset && s.size <= acc.size && s.pendingStore !== undefined);
    if (exact && tracked(acc.base)) {
      out[exact.pendingStore!] = null;
      removed++;
    }
    slots = slots.filter((s) => !mayAlias(s, acc.base, acc.offset, acc.size));
    out.push(op);
    if (tracked(acc.base)) {
      const at = out.length - 1;
      if (acc.value >= 0) slots.push({ base: acc.base, offset: acc.offset, size: acc.size, reg: acc.value, exact: acc.size === 8 ? "8" : undefined, pendingStore: at });
      else slots.push({ base: acc.base, offset: acc.offset, size: acc.size, reg: -1, value: BigInt.asUintN(64, BigInt(op.ops.y ?? 0)), pendingStore: at });
    }
  }
  return { body: out.filter((o): o is Op => o !== null), changed, removed };
}
