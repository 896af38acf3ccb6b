/**
 * Relocations of code, paired the way the RISC-V psABI pairs them:
 *
 *   auipc rd, %pcrel_hi(S+A)  (PCREL_HI20)   +  addi/load/jalr ..., %pcrel_lo(label)(rd)
 *                                               (PCREL_LO12_I) or store (PCREL_LO12_S),
 *                                               whose symbol is the label on the auipc
 *   auipc rd, %got_pcrel_hi(S+A) (GOT_HI20)  +  ld rd', %pcrel_lo(label)(rd)
 *   lui rd, %hi(S+A) (HI20)                  +  ... %lo(S+A) (LO12_I / LO12_S)
 *   auipc rd, 0; jalr ra, 0(rd)  (CALL / CALL_PLT on the auipc)
 *   BRANCH / JAL, RVC_BRANCH / RVC_JUMP        used for object files, where the
 *                                               instruction immediates are not final
 *                                               (the RVC ones on c.beqz/c.bnez/c.j)
 *   RELAX, ALIGN, NONE                         ignored (the input is not relaxed)
 *
 * Any other type in code is an error naming the type and the location.
 *
 * Without relaxation the assembler resolves a pc-relative pair whose target lies in the
 * same section and leaves no relocation (`call` of a static function, `lla` of a local
 * function). Such an auipc and its users sit in one basic block (the compiler expands
 * and schedules them there), so they are found by a straight-line scan (liveWindow):
 * every read of the auipc's register before it dies must use it as the base of
 * addi/load/store/jalr, and the target, auipc + hi + lo in old addresses, must be code —
 * valid because both ends moved together.
 */
import { R_RISCV, relocationName } from "./elf/relocations.ts";
import { symbolAddress, type Reloc } from "./link-view.ts";
import { type RvInstruction, nextAddr } from "./riscv/decode.ts";
import { isControlTransfer, readsReg, writtenReg } from "./riscv/operands.ts";
import type { CodeTarget, Fail, Resolver, Target } from "./targets.ts";
import { type TextImage, describeAddress, instructionError } from "./text.ts";
import { FormatError } from "../errors.ts";

/** The upper half of a pair: the auipc/lui and what it addresses. */
export interface HiPart {
  ins: RvInstruction;
  type: number;
  /** S + A of the HI relocation (for GOT_HI20: the symbol whose address the slot holds) */
  target: Target;
  /** the PCREL_LO12 users of this auipc */
  users: RvInstruction[];
  /**
   * The value it writes is never read except by LO users (which get the full address as
   * an immediate), so it emits nothing. Set once all relocations are paired.
   */
  dead: boolean;
}

/** The lower half: an instruction whose 12-bit immediate completes an address. */
export interface LoPart {
  ins: RvInstruction;
  type: number;
  /** the complete address (PCREL: the HI part's target) */
  target: Target;
  /** the address is read from a GOT slot: `ld` means "load the address itself" */
  got: boolean;
}

/** auipc + jalr with a CALL / CALL_PLT relocation on the auipc. */
export interface CallPart {
  auipc: RvInstruction;
  jalr: RvInstruction;
  target: CodeTarget;
}

export interface TextRelocs {
  /** auipc/lui with a HI relocation, by address */
  hi: Map<number, HiPart>;
  /** instructions with a LO relocation, by address */
  lo: Map<number, LoPart>;
  /** call pairs, by the auipc's address */
  calls: Map<number, CallPart>;
  /** BRANCH / JAL targets of object files, by instruction address */
  direct: Map<number, CodeTarget>;
}

const LOADS = new Set(["lb", "lh", "lw", "ld", "lbu", "lhu", "lwu"]);
const BRANCHES = new Set(["beq", "bne", "blt", "bge", "bltu", "bgeu"]);
const STORES = new Set(["sb", "sh", "sw", "sd"]);

/** Whether `ins` writes its rd from its rs1 and an immediate (addi or a load). */
export function isAddressConsumer(ins: RvInstruction): boolean {
  return ins.op === "addi" || LOADS.has(ins.op);
}

/** Pairs the relocations of every code section. Throws FormatError for what it cannot pair. */
export function analyzeTextRelocations(text: TextImage, resolver: Resolver): TextRelocs {
  const view = text.view;
  const out: TextRelocs = { hi: new Map(), lo: new Map(), calls: new Map(), direct: new Map() };
  const insAt = (r: Reloc): RvInstruction => {
    const i = text.index.get(r.at);
    if (i === undefined) throw new FormatError("invalid", `${view.elf.file}: ${relocationName(r.type)} at ${describeAddress(view, r.at)}`, r.entryOffset, "does not point at an instruction");
    return text.instructions[i]!;
  };
  const failAt = (r: Reloc, ins: RvInstruction): Fail => (p) => {
    throw instructionError(view, ins, `${relocationName(r.type)}: ${p}`);
  };
  const expectOp = (r: Reloc, ins: RvInstruction, ok: boolean, what: string) => {
    if (!ok) failAt(r, ins)(`expected ${what}`);
  };
  const inCode = view.relocs.filter((r) => !r.dynamic && text.sections.some((s) => s.index === r.target));
  const pcrelLo: Reloc[] = [];
  for (const r of inCode) {
    const ins = insAt(r);
    const fail: Fail = failAt(r, ins);
    const target = () => resolver.symbol(r.sym, r.addend, fail);
    switch (r.type) {
      case R_RISCV.NONE:
      case R_RISCV.RELAX:
      case R_RISCV.ALIGN:
        break;
      case R_RISCV.BRANCH:
      case R_RISCV.JAL:
      case R_RISCV.RVC_BRANCH:
      case R_RISCV.RVC_JUMP:
        if (view.relocatable) {
          const t = target();
          if (t.kind !== "code") fail("the jump target is not code");
          out.direct.set(ins.addr, t as CodeTarget);
        }
        break;
      case R_RISCV.CALL:
      case R_RISCV.CALL_PLT: {
        expectOp(r, ins, ins.op === "auipc", "an auipc");
        const next = text.instructions[text.index.get(ins.addr)! + 1];
        if (!next || next.op !== "jalr" || next.rs1 !== ins.rd || next.addr !== nextAddr(ins)) fail("the next instruction is not a jalr through the auipc's register");
        const t = target();
        if (t.kind !== "code") return fail("the call target is not code");
        if (!view.relocatable && ins.addr + ins.imm + next.imm !== t.addr) fail(`the instructions reach 0x${(ins.addr + ins.imm + next.imm).toString(16)}, the relocation says 0x${t.addr.toString(16)} (was the file linked with relaxation?)`);
        out.calls.set(ins.addr, { auipc: ins, jalr: next, target: t });
        break;
      }
      case R_RISCV.PCREL_HI20:
      case R_RISCV.GOT_HI20:
        expectOp(r, ins, ins.op === "auipc", "an auipc");
        out.hi.set(ins.addr, { ins, type: r.type, target: target(), users: [], dead: false });
        break;
      case R_RISCV.HI20:
        expectOp(r, ins, ins.op === "lui", "a lui");
        out.hi.set(ins.addr, { ins, type: r.type, target: target(), users: [], dead: false });
        break;
      case R_RISCV.LO12_I:
        expectOp(r, ins, isAddressConsumer(ins) || ins.op === "jalr", "addi, a load or jalr");
        out.lo.set(ins.addr, { ins, type: r.type, target: target(), got: false });
        break;
      case R_RISCV.LO12_S:
        expectOp(r, ins, STORES.has(ins.op), "a store");
        out.lo.set(ins.addr, { ins, type: r.type, target: target(), got: false });
        break;
      case R_RISCV.PCREL_LO12_I:
      case R_RISCV.PCREL_LO12_S:
        pcrelLo.push(r);
        break;
      default:
        fail("this relocation type is not supported in code");
    }
  }
  // PCREL_LO12's symbol is the label on its auipc, so pair after every HI is known.
  for (const r of pcrelLo) {
    const ins = insAt(r);
    const fail: Fail = failAt(r, ins);
    const sym = view.symbols[r.sym];
    if (!sym) fail(`symbol index ${r.sym} is out of range`);
    if (r.addend !== 0) fail(`addend ${r.addend} on a %pcrel_lo is not supported`);
    const hiAddr = symbolAddress(view, sym!);
    const hi = hiAddr === undefined ? undefined : out.hi.get(hiAddr);
    if (!hi || hi.type === R_RISCV.HI20) fail(`its label ${sym!.name} is not on an auipc with R_RISCV_PCREL_HI20 or R_RISCV_GOT_HI20`);
    if (r.type === R_RISCV.PCREL_LO12_I) expectOp(r, ins, isAddressConsumer(ins) || ins.op === "jalr", "addi, a load or jalr");
    else expectOp(r, ins, STORES.has(ins.op), "a store");
    // The base register may differ from the auipc's rd: the compiler can spill the auipc
    // result and reload it elsewhere (clang-19 does at -O2). The relocation still ties this
    // instruction to that auipc, and lowering gives it the absolute new address, never
    // reading the base, so the pairing holds whichever register carries the value.
    const got = hi!.type === R_RISCV.GOT_HI20;
    if (got && ins.op !== "ld") fail("a GOT slot must be read with ld");
    if (!got && !view.relocatable) {
      const reached = hi!.ins.addr + hi!.ins.imm + ins.imm;
      if (reached !== resolver.oldValue(hi!.target)) fail(`the instructions reach 0x${reached.toString(16)}, the relocations say 0x${resolver.oldValue(hi!.target).toString(16)} (was the file linked with relaxation?)`);
    }
    hi!.users.push(ins);
    out.lo.set(ins.addr, { ins, type: r.type, target: hi!.target, got });
  }
  const jumpTargets = directTargets(text, out);
  pairResolvedAuipcs(text, resolver, out, jumpTargets);
  for (const hi of out.hi.values()) hi.dead ||= hiValueDead(text, out, hi, jumpTargets);
  return out;
}

/** Old addresses that direct branches and jal land on (where straight-line scans stop). */
function directTargets(text: TextImage, out: TextRelocs): Set<number> {
  const targets = new Set<number>();
  for (const ins of text.instructions) {
    if (ins.op !== "jal" && !BRANCHES.has(ins.op)) continue;
    targets.add(out.direct.get(ins.addr)?.addr ?? ins.addr + ins.imm);
  }
  return targets;
}

/**
 * The instructions after `text.instructions[i]` that may read the value it wrote to x`x`:
 * straight-line, up to the first one that redefines x or transfers control, stopping
 * before a jump target. `redefined`: the value dies inside the window.
 */
function liveWindow(text: TextImage, i: number, x: number, jumpTargets: ReadonlySet<number>): { reads: RvInstruction[]; redefined: boolean } {
  const reads: RvInstruction[] = [];
  let prev = text.instructions[i]!;
  for (let j = i + 1; j < text.instructions.length; j++) {
    const ins = text.instructions[j]!;
    if (ins.addr !== nextAddr(prev) || jumpTargets.has(ins.addr)) break;
    if (readsReg(ins, x)) reads.push(ins);
    if (writtenReg(ins) === x) return { reads, redefined: true };
    if (isControlTransfer(ins)) break;
    prev = ins;
  }
  return { reads, redefined: false };
}

/** Whether `ins` reads x`x` only as the base address of addi/load/store/jalr. */
function usesAsBase(ins: RvInstruction, x: number): boolean {
  if (ins.rs1 !== x) return false;
  if (STORES.has(ins.op)) return ins.rs2 !== x;
  return isAddressConsumer(ins) || ins.op === "jalr";
}

/** Pairs the auipc instructions the assembler resolved itself (see the module comment). */
function pairResolvedAuipcs(text: TextImage, resolver: Resolver, out: TextRelocs, jumpTargets: ReadonlySet<number>): void {
  text.instructions.forEach((ins, i) => {
    if (ins.op !== "auipc" || ins.rd === 0 || out.hi.has(ins.addr) || out.calls.has(ins.addr)) return;
    const { reads } = liveWindow(text, i, ins.rd, jumpTargets);
    const fail: Fail = (p) => {
      throw instructionError(text.view, ins, `auipc without a relocation (resolved by the assembler): ${p}`);
    };
    const odd = reads.find((r) => !usesAsBase(r, ins.rd) || out.lo.has(r.addr));
    if (odd) fail(`its register is read by \`${odd.op}\` at ${describeAddress(text.view, odd.addr)} as something other than an address base; link with --emit-relocs, and without relaxation`);
    const hi: HiPart = { ins, type: R_RISCV.PCREL_HI20, target: { kind: "abs", value: ins.addr + ins.imm }, users: reads, dead: true };
    out.hi.set(ins.addr, hi);
    for (const r of reads) {
      const reached = ins.addr + ins.imm + r.imm;
      // Only code can be in the auipc's own section; a data target means the linker
      // resolved it and dropped the relocation, and then section boundaries are ambiguous.
      const target = resolver.code(reached, (p) => fail(`${p}; a reference to data needs its relocation (link with --emit-relocs)`));
      out.lo.set(r.addr, { ins: r, type: STORES.has(r.op) ? R_RISCV.PCREL_LO12_S : R_RISCV.PCREL_LO12_I, target, got: false });
    }
  });
}

/**
 * Whether a relocated auipc/lui's value is never read except by its LO users: every
 * read in its live window is a LO user taking it as the base, and either the value dies
 * in the window or (PCREL/GOT) all of its users are in it.
 */
function hiValueDead(text: TextImage, out: TextRelocs, hi: HiPart, jumpTargets: ReadonlySet<number>): boolean {
  const x = hi.ins.rd;
  const { reads, redefined } = liveWindow(text, text.index.get(hi.ins.addr)!, x, jumpTargets);
  const isUser = (r: RvInstruction) => usesAsBase(r, x) && (hi.type === R_RISCV.HI20 ? out.lo.has(r.addr) : hi.users.includes(r));
  if (!reads.every(isUser)) return false;
  return redefined || (hi.type !== R_RISCV.HI20 && hi.users.every((u) => reads.includes(u)));
}
