/**
 * The `layout` pass: code layout (the data half is in data-layout.ts, `order: "size"`).
 *
 * Static heuristic, in four steps:
 *  1. Unreachable blocks (not reached from the entry, the jump table or any target) go.
 *  2. Chains: blocks linked by their fallthrough (`next`) form chains that must stay
 *     together; every block joins the chain of at most one predecessor. A branch whose
 *     fallthrough side went to another chain (a superblock copy) takes its free target
 *     as the next link instead, inverted.
 *  3. A chain ending in `jump @T`, where T heads another chain, gets that chain placed
 *     right after it, and the jump becomes a fallthrough; then a block that falls into a
 *     block with no other way in (no other predecessor, not in the jump table, not the
 *     entry) absorbs it, so the fallthrough instruction goes too, when the merged block
 *     is no dearer than the two apart (block-gas.ts). Jumps from hotter
 *     blocks are served first. A link never closes a cycle.
 *  4. Order: the entry's chain first, then the other chains hottest first (so hot loops
 *     sit together), the chain that runs into the end of the code last.
 *
 * Hotness is the static loop depth: the number of back edges u → v (v laid out at or
 * before u) whose range [v, u] contains the block. Moving whole chains and turning a
 * jump into a fallthrough never adds an instruction on any path.
 */
import type { OpcodeName } from "../../isa/index.ts";
import { noDearer, priceBlock } from "./block-gas.ts";
import { type Block, END, type Program, reachable } from "./cfg.ts";
import { INVERSE_BRANCH, isBranch } from "./effects.ts";
import type { PassResult } from "./pass.ts";

/** Static loop depth of every block in the current layout. */
export function loopDepth(p: Program): Map<number, number> {
  const pos = new Map(p.blocks.map((b, i) => [b.id, i]));
  const ranges: Array<[number, number]> = [];
  p.blocks.forEach((b, i) => {
    for (const s of [b.term?.target, b.next]) {
      if (s === undefined || s === null || s === END) continue;
      const j = pos.get(s)!;
      if (j <= i) ranges.push([j, i]);
    }
  });
  const depth = new Map<number, number>();
  p.blocks.forEach((b, i) => depth.set(b.id, ranges.filter(([lo, hi]) => lo <= i && i <= hi).length));
  return depth;
}

/** How many ways into each block: targets, fallthroughs, jump-table entries, the entry. */
function predecessorCounts(p: Program): Map<number, number> {
  const n = new Map<number, number>(p.blocks.map((b) => [b.id, 0]));
  const add = (id: number | undefined | null) => {
    if (id === undefined || id === null || id === END) return;
    n.set(id, (n.get(id) ?? 0) + 1);
  };
  add(p.blocks[0]!.id);
  for (const id of p.jumpTable) add(id);
  for (const b of p.blocks) {
    for (const op of b.body) add(op.target);
    add(b.term?.target);
    add(b.next);
  }
  return n;
}

/** Merges blocks that fall into a block with no other way in; returns instructions removed. */
export function mergeStraightLines(p: Program): number {
  let removed = 0;
  for (let again = true; again; ) {
    again = false;
    const preds = predecessorCounts(p);
    const byId = new Map(p.blocks.map((b) => [b.id, b]));
    for (const b of p.blocks) {
      if (b.term?.name !== "fallthrough" || b.next === null || b.next === END || b.next === b.id) continue;
      const n = byId.get(b.next)!;
      if (preds.get(n.id) !== 1) continue;
      // merged, the two must cost no more than apart (the pipeline model is not monotone)
      const a = priceBlock(b.body, b.term);
      const c = priceBlock(n.body, n.term);
      if (!noDearer(priceBlock([...b.body, ...n.body], n.term), { count: a.count + c.count, pipeline: a.pipeline + c.pipeline })) continue;
      b.body.push(...n.body);
      b.term = n.term;
      b.next = n.next;
      p.blocks = p.blocks.filter((x) => x !== n);
      removed++;
      again = true;
      break;
    }
  }
  return removed;
}

export function layoutPass(p: Program): PassResult {
  let removed = 0;
  let changed = 0;
  // 1. unreachable code
  const live = reachable(p);
  for (const b of p.blocks) if (!live.has(b.id)) removed += b.body.length + (b.term ? 1 : 0);
  p.blocks = p.blocks.filter((b) => live.has(b.id));

  const depth = loopDepth(p);
  const entry = p.blocks[0]!.id;
  const byId = new Map(p.blocks.map((b) => [b.id, b]));
  // 2. chains along fallthroughs: succ/pred links, no cycles (group ids by union-find)
  const succ = new Map<number, number>();
  const pred = new Map<number, number>();
  const group = new Map<number, number>(p.blocks.map((b) => [b.id, b.id]));
  const find = (x: number): number => {
    while (group.get(x) !== x) x = group.get(x)!;
    return x;
  };
  const link = (a: number, b: number): boolean => {
    if (b === entry || pred.has(b) || succ.has(a) || find(a) === find(b)) return false;
    succ.set(a, b);
    pred.set(b, a);
    group.set(find(b), find(a));
    return true;
  };
  // fallthroughs as laid out first, so that a copy (superblock.ts) never takes a block's
  // place after its original predecessor
  p.blocks.forEach((b, i) => {
    if (b.next !== null && b.next !== END && p.blocks[i + 1]?.id === b.next) link(b.id, b.next);
  });
  for (const b of p.blocks) if (b.next !== null && b.next !== END) link(b.id, b.next);
  // a branch whose fallthrough side belongs to another chain gets its target placed
  // after it instead, inverted, when that target is free (keeps a copy's inversion)
  for (const b of p.blocks) {
    const t = b.term;
    if (!t || !isBranch(t.name) || b.next === null || b.next === END || pred.get(b.next) === b.id || succ.has(b.id)) continue;
    if (t.target === undefined || !link(b.id, t.target)) continue;
    b.term = { ...t, name: INVERSE_BRANCH[t.name] as OpcodeName, target: b.next };
    b.next = t.target;
    changed++;
  }
  // 3. jumps to chain heads become fallthroughs, hottest jumps first
  const jumpers = p.blocks
    .filter((b) => b.term?.name === "jump" && !succ.has(b.id))
    .sort((a, b) => depth.get(b.id)! - depth.get(a.id)!);
  for (const b of jumpers) {
    const t = b.term!.target!;
    if (!link(b.id, t)) continue;
    b.term = { name: "fallthrough", ops: {}, src: b.term!.src };
    b.next = t;
    changed++;
  }
  // 4. order: chains by their head; entry first, the chain falling into END last
  const heads = p.blocks.filter((b) => !pred.has(b.id));
  const chainOf = (head: Block): Block[] => {
    const out = [head];
    for (let id = succ.get(head.id); id !== undefined; id = succ.get(id)) out.push(byId.get(id)!);
    return out;
  };
  const chains = heads.map(chainOf);
  const heat = (c: Block[]) => Math.max(...c.map((b) => depth.get(b.id)!));
  const endsAtEnd = (c: Block[]) => c[c.length - 1]!.next === END;
  const original = new Map(p.blocks.map((b, i) => [b.id, i]));
  chains.sort((a, b) => {
    const ka = a[0]!.id === entry ? 0 : endsAtEnd(a) ? 2 : 1;
    const kb = b[0]!.id === entry ? 0 : endsAtEnd(b) ? 2 : 1;
    if (ka !== kb) return ka - kb;
    return heat(b) - heat(a) || original.get(a[0]!.id)! - original.get(b[0]!.id)!;
  });
  const placed = chains.flat();
  if (placed.length !== p.blocks.length) throw new Error("layout: chains lost a block (transpiler bug)");
  p.blocks = placed;
  // fallthroughs into blocks with no other way in disappear
  removed += mergeStraightLines(p);
  return { removed, changed };
}
