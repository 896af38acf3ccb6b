/**
 * Layout and encoding of the lowered instructions into a code blob (GP A.2: c, k, j).
 *
 * Offsets are relaxed: every branch starts with a 4-byte offset, then each round gives
 * it the fewest bytes its current distance needs (immLength, GP A.10 sign extension).
 * Shrinking an instruction only brings others closer, so distances only shrink and
 * lengths only fall: the rounds end, and every offset fits the length kept for it (the
 * final encoding checks this).
 */
import { encodeInstruction, immLength, type IsaProfile, OPCODES, OPCODE_ID, type Operands } from "../isa/index.ts";
import type { CodeBlob } from "../program/code-blob.ts";
import type { PvmItem } from "./lower/lower-text.ts";

export interface Assembled {
  code: CodeBlob;
  /** PVM offset of each item */
  offsets: Uint32Array;
}

/** Which operand of an instruction with `target` carries the offset (GP A.5.5, A.5.8, A.5.11). */
function withTarget(item: PvmItem, at: number): Operands {
  const format = OPCODES[OPCODE_ID[item.name]]!.format;
  if (format === "reg_imm_offset") return { ...item.ops, y: at };
  if (format === "offset" || format === "reg_reg_offset") return { ...item.ops, x: at };
  throw new Error(`assemble: ${item.name} has no offset operand for its target`);
}

/**
 * Encodes `items` for `profile`. `addrMap` gives the item index of each old code address
 * a target or a jump-table entry names; `jumpTable` lists those addresses in entry order.
 */
export function assemble(items: readonly PvmItem[], addrMap: ReadonlyMap<number, number>, jumpTable: readonly number[], profile: IsaProfile): Assembled {
  const n = items.length;
  const targetIndex = new Int32Array(n).fill(-1);
  const offLen = new Uint8Array(n);
  const size = new Uint32Array(n);
  items.forEach((it, i) => {
    if (it.target !== undefined) {
      const t = addrMap.get(it.target);
      if (t === undefined) throw new Error(`assemble: no PVM code for old address 0x${it.target.toString(16)} (transpiler bug)`);
      targetIndex[i] = t;
      offLen[i] = 4;
      size[i] = encodeInstruction(profile, it.name, withTarget(it, 0), 0, 4).length;
    } else {
      size[i] = encodeInstruction(profile, it.name, it.ops, 0).length;
    }
  });
  const offsets = new Uint32Array(n + 1);
  const place = () => {
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + size[i]!;
  };
  for (let changed = true; changed; ) {
    changed = false;
    place();
    for (let i = 0; i < n; i++) {
      if (targetIndex[i]! < 0) continue;
      const need = immLength(offsets[targetIndex[i]!]! - offsets[i]!);
      if (need < offLen[i]!) {
        size[i] = size[i]! - (offLen[i]! - need);
        offLen[i] = need;
        changed = true;
      }
    }
  }
  const total = offsets[n]!;
  const code = new Uint8Array(total);
  const mask = new Uint8Array(total);
  items.forEach((it, i) => {
    const pc = offsets[i]!;
    let bytes: number[];
    if (targetIndex[i]! >= 0) {
      const at = offsets[targetIndex[i]!]!;
      if (immLength(at - pc) > offLen[i]!) throw new Error(`assemble: offset ${at - pc} of ${it.name} at ${pc} outgrew its ${offLen[i]} byte(s) (transpiler bug)`);
      bytes = encodeInstruction(profile, it.name, withTarget(it, at), pc, offLen[i]!);
    } else {
      bytes = encodeInstruction(profile, it.name, it.ops, pc);
    }
    if (bytes.length !== size[i]) throw new Error(`assemble: ${it.name} at ${pc} encodes to ${bytes.length} bytes, laid out as ${size[i]} (transpiler bug)`);
    code.set(bytes, pc);
    mask[pc] = 1;
  });
  const jt = new Uint32Array(jumpTable.length);
  jumpTable.forEach((rv, k) => {
    const idx = addrMap.get(rv);
    if (idx === undefined) throw new Error(`assemble: jump-table entry 0x${rv.toString(16)} has no PVM code (transpiler bug)`);
    jt[k] = offsets[idx]!;
  });
  return { code: { code, mask, jumpTable: jt }, offsets: offsets.subarray(0, n) };
}
