/**
 * The control-flow graph the optimisation passes work on, and the conversions from the
 * lowered instruction list (lower/lower-text.ts) and back.
 *
 *   Program = blocks in layout order (blocks[0] is the entry, at pc 0) + jump table
 *   Block   = body (no terminators) + term (one GP set-T instruction, or null for a last
 *             block that runs into the end of the code) + next (the block it continues
 *             at: fallthrough, the not-taken side of a branch; END = the implicit trap at
 *             pc |c|; null after trap and unconditional jumps)
 *
 * Op targets are block ids. A block id never changes; passes reorder `blocks`, edit
 * bodies and terminators, add blocks (fresh ids from `nextId`) and drop unreachable ones.
 * `flatten` lays the blocks out again: where a block's `next` is not the block after
 * it, a branch is inverted (when its target is the block after it) or a `jump` is
 * added; a `fallthrough` to anything but the following block becomes a `jump`.
 */
import type { OpcodeName } from "../../isa/index.ts";
import type { PvmItem } from "../lower/lower-text.ts";
import { INVERSE_BRANCH, type Op, isBranch, isNoFallthrough, isTerminator } from "./effects.ts";

/** `next` of a block that runs into the end of the code (GP A.4: an implicit trap). */
export const END = -1;

export interface Block {
  id: number;
  body: Op[];
  term: Op | null;
  next: number | null;
}

export interface Program {
  blocks: Block[];
  /** block id of each jump-table entry, in entry order */
  jumpTable: number[];
  /** the next unused block id */
  nextId: number;
}

/** The block ids that every op target, `next` and jump-table entry refers to exist. */
export function checkProgram(p: Program): void {
  const ids = new Set(p.blocks.map((b) => b.id));
  const bad = (what: string): never => {
    throw new Error(`cfg: ${what} (transpiler bug)`);
  };
  if (ids.size !== p.blocks.length) bad("duplicate block id");
  for (const b of p.blocks) {
    for (const op of b.body) if (isTerminator(op.name)) bad(`terminator ${op.name} inside block ${b.id}`);
    if (b.term && !isTerminator(b.term.name)) bad(`block ${b.id} ends with ${b.term.name}, not a terminator`);
    for (const op of [...b.body, ...(b.term ? [b.term] : [])]) if (op.target !== undefined && !ids.has(op.target)) bad(`block ${b.id}: ${op.name} targets missing block ${op.target}`);
    const falls = b.term === null || !isNoFallthrough(b.term.name);
    if (falls && b.next === null) bad(`block ${b.id} continues but has no next`);
    if (!falls && b.next !== null) bad(`block ${b.id} cannot continue but has next ${b.next}`);
    if (b.next !== null && b.next !== END && !ids.has(b.next)) bad(`block ${b.id}: next ${b.next} is missing`);
  }
  for (const id of p.jumpTable) if (!ids.has(id)) bad(`jump-table entry ${id} is missing`);
}

/**
 * Builds the CFG of lowered code. `addrMap` maps old code addresses to item indices,
 * `jumpTable` lists old addresses; targets are old addresses (PvmItem.target).
 */
export function buildProgram(items: readonly PvmItem[], addrMap: ReadonlyMap<number, number>, jumpTable: readonly number[]): Program {
  const startAt = new Map<number, number>();
  const starts: number[] = [];
  items.forEach((_, i) => {
    if (i === 0 || isTerminator(items[i - 1]!.name)) {
      startAt.set(i, starts.length);
      starts.push(i);
    }
  });
  const blockOfAddr = (addr: number): number => {
    const idx = addrMap.get(addr);
    const id = idx === undefined ? undefined : startAt.get(idx);
    if (id === undefined) throw new Error(`cfg: old address 0x${addr.toString(16)} does not start a block (transpiler bug)`);
    return id;
  };
  const blocks: Block[] = starts.map((s, id) => {
    const end = id + 1 < starts.length ? starts[id + 1]! : items.length;
    const ops: Op[] = items.slice(s, end).map((it) => {
      const op: Op = { name: it.name, ops: { ...it.ops }, src: it.src };
      if (it.target !== undefined) op.target = blockOfAddr(it.target);
      return op;
    });
    const last = ops[ops.length - 1]!;
    const term = isTerminator(last.name) ? ops.pop()! : null;
    const follows = id + 1 < starts.length ? id + 1 : END;
    const next = term && isNoFallthrough(term.name) ? null : follows;
    return { id, body: ops, term, next };
  });
  const p: Program = { blocks, jumpTable: jumpTable.map(blockOfAddr), nextId: blocks.length };
  checkProgram(p);
  return p;
}

/** The code as an item list for assemble.ts: targets, addrMap keys and jump-table entries are block ids. */
export interface Flat {
  items: PvmItem[];
  addrMap: Map<number, number>;
  jumpTable: number[];
}

const jumpTo = (target: number, src: number): PvmItem => ({ name: "jump", ops: {}, target, src });

/**
 * Lays `p` out in block order. A block whose `next` does not follow it gets an inverted
 * branch (when its target follows) or an extra `jump` to `next`: a pass that leaves a
 * branch so makes `next` its colder side (superblock.ts). Blocks with `next` = END that
 * are not last run into an explicit trap instead.
 */
export function flatten(p: Program): Flat {
  checkProgram(p);
  const items: PvmItem[] = [];
  const addrMap = new Map<number, number>();
  const emit = (op: Op) => items.push({ name: op.name, ops: op.ops, target: op.target, src: op.src ?? -1 });
  p.blocks.forEach((b, i) => {
    addrMap.set(b.id, items.length);
    b.body.forEach(emit);
    const following = i + 1 < p.blocks.length ? p.blocks[i + 1]!.id : END;
    const src = b.term?.src ?? -1;
    const reachNext = (): void => {
      // b continues at b.next, which is not the following block
      if (b.next === END) items.push({ name: "trap", ops: {}, src });
      else items.push(jumpTo(b.next!, src));
    };
    if (b.term === null) {
      if (b.next !== following) reachNext();
      return;
    }
    if (b.next === null || b.next === following) {
      emit(b.term);
      return;
    }
    if (b.term.name === "fallthrough") return reachNext();
    if (isBranch(b.term.name)) {
      const inverse = INVERSE_BRANCH[b.term.name];
      if (!inverse) throw new Error(`cfg: no inverse for ${b.term.name}`);
      if (b.next !== END && b.term.target === following) {
        emit({ ...b.term, name: inverse as OpcodeName, target: b.next! });
        return;
      }
      emit(b.term);
      return reachNext();
    }
    // other terminators that continue (the jar profile's ecall)
    emit(b.term);
    reachNext();
  });
  return { items, addrMap, jumpTable: p.jumpTable };
}

/** Block ids reachable from the entry, the jump table and every target. */
export function reachable(p: Program): Set<number> {
  const byId = new Map(p.blocks.map((b) => [b.id, b]));
  const seen = new Set<number>();
  const work = [p.blocks[0]!.id, ...p.jumpTable];
  while (work.length) {
    const id = work.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const b = byId.get(id)!;
    for (const s of successors(b)) if (s !== END) work.push(s);
  }
  return seen;
}

/** Direct successors of `b` (END included); indirect jumps are not listed (see liveness). */
export function successors(b: Block): number[] {
  const out: number[] = [];
  if (b.term?.target !== undefined) out.push(b.term.target);
  if (b.next !== null) out.push(b.next);
  return out;
}

/** Number of instructions of `p` as laid out now (before flatten adds jumps). */
export function countOps(p: Program): number {
  let n = 0;
  for (const b of p.blocks) n += b.body.length + (b.term ? 1 : 0);
  return n;
}
