/**
 * Relocations of loaded data: every address stored in data is rewritten for the new
 * layout, by redoing the link-time arithmetic with new values (RISC-V psABI relocation
 * calculations, with S + A taken from targets.ts):
 *
 *   R_RISCV_32/64, SET6/8/16/32   loc  = new(S + A)
 *   R_RISCV_ADD8/16/32/64         loc += new(S + A) - old(S + A)      (REL files: - 0)
 *   R_RISCV_SUB6/8/16/32/64       loc -= new(S + A) - old(S + A)      (REL files: - 0)
 *   R_RISCV_32_PCREL              loc  = new(S + A) - new(P)
 *   R_RISCV_RELATIVE (dynamic)    loc  = new(A), where no static relocation covers loc
 *
 * In a linked file the bytes already hold the old result, hence the "- old" correction
 * for ADD/SUB; in an object file they hold the bare addend part. Code targets become
 * jump-table addresses, so a `switch` table of label differences (ADD32 .LBB - SUB32
 * .LJTI) still yields, added to the table's address, a valid `jump_ind` operand.
 */
import { type DataLayout, type PlacedSection, classifySection, newDataAddress } from "./data-layout.ts";
import { R_RISCV, relocationName } from "./elf/relocations.ts";
import type { LinkView, Reloc } from "./link-view.ts";
import type { Resolver, Target } from "./targets.ts";
import { describeAddress } from "./text.ts";
import { FormatError } from "../errors.ts";
import { RO_START } from "../program/layout.ts";

export interface DataFix {
  reloc: Reloc;
  /** the loaded section holding the location */
  placed: PlacedSection;
  op: "set" | "add" | "sub" | "pcrel";
  /** field width in bits: 6 (low bits of one byte), 8, 16, 32 or 64 */
  bits: number;
  target: Target;
}

const KINDS: Record<number, [DataFix["op"], number]> = {
  [R_RISCV._32]: ["set", 32], [R_RISCV._64]: ["set", 64],
  [R_RISCV.SET6]: ["set", 6], [R_RISCV.SET8]: ["set", 8], [R_RISCV.SET16]: ["set", 16], [R_RISCV.SET32]: ["set", 32],
  [R_RISCV.ADD8]: ["add", 8], [R_RISCV.ADD16]: ["add", 16], [R_RISCV.ADD32]: ["add", 32], [R_RISCV.ADD64]: ["add", 64],
  [R_RISCV.SUB6]: ["sub", 6], [R_RISCV.SUB8]: ["sub", 8], [R_RISCV.SUB16]: ["sub", 16], [R_RISCV.SUB32]: ["sub", 32], [R_RISCV.SUB64]: ["sub", 64],
  [R_RISCV._32_PCREL]: ["pcrel", 32],
};

function relocError(view: LinkView, r: Reloc, problem: string): never {
  throw new FormatError("unsupported", `${view.elf.file}: ${relocationName(r.type)} at ${describeAddress(view, r.at)} (${r.section.name})`, r.entryOffset, problem);
}

/**
 * Resolves every relocation of loaded data and requests the jump-table entries of the
 * code they point at. Throws FormatError for an unsupported type or target.
 */
export function planDataRelocations(view: LinkView, layout: DataLayout, resolver: Resolver): DataFix[] {
  const fixes: DataFix[] = [];
  const covered = new Set<number>();
  const where = (r: Reloc): PlacedSection | undefined => {
    const sec = view.elf.sections[r.target];
    if (!sec) return undefined;
    const cls = classifySection(sec);
    if (cls === "bss") relocError(view, r, `relocates ${sec.name}, which has no contents (NOBITS)`);
    return layout.placed.get(sec.index);
  };
  const add = (r: Reloc, placed: PlacedSection, op: DataFix["op"], bits: number, target: Target) => {
    if (target.kind === "code") resolver.jt.add(target.addr);
    fixes.push({ reloc: r, placed, op, bits, target });
  };
  for (const r of view.relocs) {
    if (r.dynamic) continue;
    const placed = where(r);
    if (!placed || r.type === R_RISCV.NONE) continue;
    const kind = KINDS[r.type];
    if (!kind) relocError(view, r, "this relocation type is not supported in data");
    covered.add(r.at);
    add(r, placed, kind[0], kind[1], resolver.symbol(r.sym, r.addend, (p) => relocError(view, r, p)));
  }
  for (const r of view.relocs) {
    if (!r.dynamic || r.type === R_RISCV.NONE || covered.has(r.at)) continue;
    const placed = where(r);
    if (!placed) {
      const sec = view.elf.sections[r.target];
      if (sec && classifySection(sec) === "code") relocError(view, r, "dynamic relocation of code (text relocation) is not supported");
      continue;
    }
    if (r.type !== R_RISCV.RELATIVE) relocError(view, r, "dynamic relocations other than R_RISCV_RELATIVE are not supported; link the guest statically");
    add(r, placed, "set", 64, resolver.address(r.addend, (p) => relocError(view, r, p)));
  }
  return fixes;
}

/**
 * Writes every planned fix into layout.ro / layout.rw. Needs the jump table frozen.
 * Throws FormatError when a value does not fit its field.
 */
export function applyDataFixes(view: LinkView, layout: DataLayout, resolver: Resolver, fixes: readonly DataFix[]): void {
  for (const f of fixes) {
    const { reloc: r, placed } = f;
    const buf = placed.region === "ro" ? layout.ro : layout.rw;
    const loc = newDataAddress(placed, r.at);
    const off = loc - (placed.region === "ro" ? RO_START : layout.rwStart);
    const nbytes = f.bits === 6 ? 1 : f.bits / 8;
    if (r.at < placed.oldAddr || r.at + nbytes > placed.oldAddr + placed.sec.size) relocError(view, r, `location lies outside ${placed.sec.name}`);
    let content = 0n;
    for (let i = nbytes - 1; i >= 0; i--) content = (content << 8n) | BigInt(buf[off + i]!);
    if (f.bits === 6) content &= 0x3fn;
    const nv = BigInt(resolver.newValue(f.target));
    const delta = nv - (view.relocatable ? 0n : BigInt(resolver.oldValue(f.target)));
    let v: bigint;
    switch (f.op) {
      case "set":
        v = nv;
        if (f.bits >= 8 && f.bits < 64 && (v < -(1n << BigInt(f.bits - 1)) || v >= 1n << BigInt(f.bits))) {
          relocError(view, r, `new value ${v} does not fit ${f.bits} bits`);
        }
        break;
      case "add":
        v = content + delta;
        break;
      case "sub":
        v = content - delta;
        break;
      case "pcrel":
        v = nv - BigInt(loc);
        if (v < -(1n << 31n) || v >= 1n << 31n) relocError(view, r, `new PC-relative value ${v} does not fit 32 bits`);
        break;
    }
    v = BigInt.asUintN(f.bits, v);
    if (f.bits === 6) {
      buf[off] = (buf[off]! & 0xc0) | Number(v);
      continue;
    }
    for (let i = 0; i < nbytes; i++) {
      buf[off + i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
}
