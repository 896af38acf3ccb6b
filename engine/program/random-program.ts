/**
 * Random, well-formed code blobs for property tests (STYLE.md, "fast paths get a naive
 * twin"): a few basic blocks of random instructions of a profile, each block possibly
 * opening with `unlikely`, each ending in a random terminator whose targets are block
 * starts (so branch latencies, A.57, vary). Registers come mostly from a small pool so
 * that instructions depend on each other; some blocks are long enough to fill the
 * 32-entry reorder buffer of the pipeline gas model.
 */
import { encodeInstruction, type IsaProfile, OPCODE_ID, OPCODES, type OpcodeName, type Operands } from "../isa/index.ts";
import type { CodeBlob } from "./code-blob.ts";
import { mulberry32 as prng } from "../random.ts";


interface Planned {
  name: OpcodeName;
  ops: Operands;
  /** for offsets: index of the target block, or -1 for the end of the code */
  target?: number;
}

/** A random code blob of the instructions of `profile`; deterministic in `seed`. */
export function randomProgram(seed: number, profile: IsaProfile = "gp-0.8-draft"): CodeBlob {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const inProfile = OPCODES.filter((o) => o.bytes[profile] !== undefined);
  const body = inProfile.filter((o) => !o.terminator).map((o) => o.name as OpcodeName);
  const terminators = inProfile.filter((o) => o.terminator).map((o) => o.name as OpcodeName);
  const reg = () => (rnd() < 0.75 ? Math.floor(rnd() * 4) : Math.floor(rnd() * 13));
  const imm = () => (rnd() < 0.3 ? 0 : Math.floor(rnd() * 401) - 200);
  const operands = (): Operands => ({
    ra: reg(), rb: reg(), rd: reg(), x: imm(), y: imm(),
    x64: BigInt(Math.floor(rnd() * 2 ** 32)) << 16n,
  });

  const blockCount = 2 + Math.floor(rnd() * 7);
  const blocks: Planned[][] = [];
  for (let b = 0; b < blockCount; b++) {
    const block: Planned[] = [];
    if (rnd() < 0.25) block.push({ name: "unlikely", ops: {} });
    const n = rnd() < 0.2 ? 30 + Math.floor(rnd() * 50) : Math.floor(rnd() * 12);
    for (let i = 0; i < n; i++) block.push({ name: pick(body), ops: operands() });
    block.push({ name: pick(terminators), ops: operands(), target: rnd() < 0.1 ? -1 : Math.floor(rnd() * blockCount) });
    blocks.push(block);
  }

  // Offsets are written 4 bytes wide, so every length is known before the targets.
  const flat = blocks.flat();
  const pcs: number[] = [];
  let pc = 0;
  for (const p of flat) {
    pcs.push(pc);
    pc += encodeInstruction(profile, p.name, p.ops, pc, 4).length;
  }
  const end = pc;
  const blockPc: number[] = [];
  let k = 0;
  for (const b of blocks) {
    blockPc.push(pcs[k]!);
    k += b.length;
  }
  const bytes: number[] = [];
  const mask: number[] = [];
  flat.forEach((p, i) => {
    const at = pcs[i]!;
    const ops = { ...p.ops };
    if (p.target !== undefined) {
      const t = p.target < 0 ? end : blockPc[p.target]!;
      const format = OPCODES[OPCODE_ID[p.name]]!.format;
      if (format === "reg_imm_offset") ops.y = t;
      else if (format === "offset" || format === "reg_reg_offset") ops.x = t;
    }
    const enc = encodeInstruction(profile, p.name, ops, at, 4);
    enc.forEach((b, j) => {
      bytes.push(b);
      mask.push(j === 0 ? 1 : 0);
    });
  });
  return { code: Uint8Array.from(bytes), mask: Uint8Array.from(mask), jumpTable: new Uint32Array(0) };
}
