/**
 * The optimisation passes by name, their canonical order, and running a selection of
 * them over a program with a report per pass (what `--explain` prints).
 *
 *   stack-frame  spill/reload forwarding through stack slots     stack-frame.ts
 *   peephole     constants, imm forms, fusion, memory, coalescing peephole.ts
 *   liveness     dead writes across blocks                       liveness.ts
 *   superblock   tail duplication along unconditional jumps      superblock.ts
 *   layout       chains, jumps → fallthroughs, dead code (+ data placement, data-layout.ts)
 *
 * However they are listed, selected passes run in that order: the local rewrites first
 * (they leave dead writes for `liveness`), code duplication and placement last. Every
 * pass keeps the results of the program (status, φ7 at halt, memory, host calls with
 * φ7..φ12; see liveness-analysis.ts for what counts) and never adds an instruction on
 * any path; gas can only fall.
 */
import { type Program, checkProgram } from "./cfg.ts";
import { layoutPass } from "./layout.ts";
import { livenessPass } from "./liveness.ts";
import { peepholePass } from "./peephole.ts";
import { stackFramePass } from "./stack-frame.ts";
import { superblockPass } from "./superblock.ts";

/** The pass names, as `--passes` and the experiment YAML spell them. */
export const PASS_NAMES = ["liveness", "peephole", "superblock", "stack-frame", "layout"] as const;
export type PassName = (typeof PASS_NAMES)[number];

/** The order selected passes run in. */
export const PASS_ORDER: readonly PassName[] = ["stack-frame", "peephole", "liveness", "superblock", "layout"];

/** What one pass did (instruction counts are static, in the code as laid out). */
export interface PassResult {
  /** instructions deleted */
  removed: number;
  /** instructions rewritten in place (or one form replaced by another) */
  changed: number;
  /** instructions added (superblock copies) */
  added?: number;
  /** one line of context, e.g. whether sp escapes */
  note?: string;
}

export interface PassReport extends PassResult {
  pass: PassName;
  /** instructions before and after */
  opsBefore: number;
  opsAfter: number;
  /** code bytes |c| before and after */
  bytesBefore: number;
  bytesAfter: number;
}

/** What a pass knows about the run: which passes are selected. */
export interface PassContext {
  enabled: ReadonlySet<PassName>;
}

const RUN: Record<PassName, (p: Program, ctx: PassContext) => PassResult> = {
  liveness: livenessPass,
  peephole: peepholePass,
  superblock: superblockPass,
  "stack-frame": stackFramePass,
  layout: layoutPass,
};

/**
 * Parses a pass selection: "none", "all", or a comma list of PASS_NAMES. Throws
 * RangeError naming the unknown name.
 */
export function parsePasses(spec: string): PassName[] {
  const s = spec.trim();
  if (s === "" || s === "none") return [];
  if (s === "all") return [...PASS_ORDER];
  const names = [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))];
  for (const n of names) {
    if (!(PASS_NAMES as readonly string[]).includes(n)) throw new RangeError(`unknown pass "${n}"; passes are ${PASS_NAMES.join(", ")} (or none, all)`);
  }
  return PASS_ORDER.filter((n) => names.includes(n));
}

/** Instructions and code bytes of a program as it would be laid out and encoded. */
export type Measure = (p: Program) => { ops: number; bytes: number };

/** Runs `passes` (in PASS_ORDER) over `p` in place; `measure` sizes it before and after each. */
export function runPasses(p: Program, passes: readonly PassName[], measure: Measure): PassReport[] {
  const reports: PassReport[] = [];
  const ctx: PassContext = { enabled: new Set(passes) };
  for (const name of PASS_ORDER) {
    if (!passes.includes(name)) continue;
    const before = measure(p);
    const r = RUN[name](p, ctx);
    checkProgram(p);
    const after = measure(p);
    reports.push({ pass: name, ...r, opsBefore: before.ops, opsAfter: after.ops, bytesBefore: before.bytes, bytesAfter: after.bytes });
  }
  return reports;
}
