/**
 * A small x86-64 assembler: each method emits one instruction's bytes (REX, VEX, ModRM,
 * SIB, displacement, immediate) straight into a growing buffer; labels are resolved by
 * patching rel8/rel32 fields at `finish()`. Operand size: `w` = true for 64-bit, false
 * for 32-bit. Memory operands are `{ base, index?, scale?, disp }`.
 *
 * Encodings follow the Intel SDM Vol. 2; the tests compare them with objdump.
 */
import { Cond, RSP, RBP, type Reg } from "./registers.ts";

export interface Mem {
  base: Reg;
  index?: Reg;
  /** 1, 2, 4 or 8 */
  scale?: number;
  disp?: number;
}

export type Label = number;

/** ALU operations sharing the 0x01/0x03/0x81/0x83 encodings, by their /digit. */
export const enum Alu {
  ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7,
}

/** Shift/rotate group 2, by /digit. */
export const enum Shift {
  ROL = 0, ROR = 1, SHL = 4, SHR = 5, SAR = 7,
}

const fitsI8 = (v: number) => v >= -128 && v <= 127;
const fitsI32 = (v: number) => Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff;

export class Assembler {
  private buf: Uint8Array;
  /** bytes written */
  pos = 0;
  private labels: number[] = [];
  // label references to patch at finish(): position, label, size (1 or 4); end = at + size
  private fixAt: number[] = [];
  private fixLabel: number[] = [];
  private fixSize: number[] = [];

  constructor(capacity = 4096) {
    this.buf = new Uint8Array(capacity);
  }

  // ---------------------------------------------------------------- raw bytes

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b & 0xff;
  }

  /** two bytes (no rest-argument array on the hot path) */
  byte2(a: number, b: number): void {
    this.ensure(2);
    this.buf[this.pos++] = a & 0xff;
    this.buf[this.pos++] = b & 0xff;
  }

  bytes(...bs: number[]): void {
    this.ensure(bs.length);
    for (const b of bs) this.buf[this.pos++] = b & 0xff;
  }

  i32(v: number): void {
    this.ensure(4);
    const p = this.pos;
    this.buf[p] = v & 0xff;
    this.buf[p + 1] = (v >>> 8) & 0xff;
    this.buf[p + 2] = (v >>> 16) & 0xff;
    this.buf[p + 3] = (v >>> 24) & 0xff;
    this.pos += 4;
  }

  i64(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.i32(Number(u & 0xffffffffn));
    this.i32(Number(u >> 32n));
  }

  // ---------------------------------------------------------------- labels

  newLabel(): Label {
    this.labels.push(-1);
    return this.labels.length - 1;
  }

  bind(l: Label): void {
    this.labels[l] = this.pos;
  }

  /** Offset of a bound label. */
  offsetOf(l: Label): number {
    const o = this.labels[l]!;
    if (o < 0) throw new Error(`x64: label ${l} is not bound`);
    return o;
  }

  /** Writes a rel32 to `label`, relative to the end of the current instruction (`end` bytes after). */
  private rel32(label: Label): void {
    this.fixup(label, 4);
    this.i32(0);
  }

  private fixup(label: Label, size: 1 | 4): void {
    this.fixAt.push(this.pos);
    this.fixLabel.push(label);
    this.fixSize.push(size);
  }

  /** Resolves label references; returns the code. Throws for an unbound label. */
  finish(): Uint8Array {
    for (let k = 0; k < this.fixAt.length; k++) {
      const at = this.fixAt[k]!;
      const size = this.fixSize[k]!;
      const rel = this.offsetOf(this.fixLabel[k]!) - (at + size);
      if (size === 1) {
        if (!fitsI8(rel)) throw new Error("x64: rel8 out of range");
        this.buf[at] = rel & 0xff;
      } else {
        this.buf[at] = rel & 0xff;
        this.buf[at + 1] = (rel >>> 8) & 0xff;
        this.buf[at + 2] = (rel >>> 16) & 0xff;
        this.buf[at + 3] = (rel >>> 24) & 0xff;
      }
    }
    this.fixAt = [];
    this.fixLabel = [];
    this.fixSize = [];
    return this.buf.subarray(0, this.pos);
  }

  // ---------------------------------------------------------------- prefixes and operands

  /** REX prefix when needed. `byteRegs` forces one so spl/bpl/sil/dil are addressable. */
  private rex(w: boolean, r: Reg, x: Reg, b: Reg, byteRegs = false): void {
    const v = (w ? 8 : 0) | ((r >> 3) & 1) << 2 | ((x >> 3) & 1) << 1 | ((b >> 3) & 1);
    if (v || byteRegs) this.byte(0x40 | v);
  }

  private modrmReg(reg: Reg, rm: Reg): void {
    this.byte(0xc0 | ((reg & 7) << 3) | (rm & 7));
  }

  private modrmMem(reg: Reg, m: Mem): void {
    const disp = m.disp ?? 0;
    const base = m.base;
    const hasIndex = m.index !== undefined;
    const needSib = hasIndex || (base & 7) === RSP;
    let mod: number;
    if (disp === 0 && (base & 7) !== RBP) mod = 0;
    else if (fitsI8(disp)) mod = 1;
    else mod = 2;
    this.byte((mod << 6) | ((reg & 7) << 3) | (needSib ? 4 : base & 7));
    if (needSib) {
      const scale = { 1: 0, 2: 1, 4: 2, 8: 3 }[m.scale ?? 1] ?? 0;
      const index = hasIndex ? m.index! : RSP; // RSP in the index field = no index
      if (hasIndex && m.index === RSP) throw new Error("x64: rsp cannot be an index");
      this.byte((scale << 6) | ((index & 7) << 3) | (base & 7));
    }
    if (mod === 1) this.byte(disp);
    else if (mod === 2) this.i32(disp);
  }

  private rexMem(w: boolean, reg: Reg, m: Mem, byteRegs = false): void {
    this.rex(w, reg, m.index ?? 0, m.base, byteRegs);
  }

  // ---------------------------------------------------------------- moves

  /** mov dst, src */
  movRR(w: boolean, dst: Reg, src: Reg): void {
    this.rex(w, src, 0, dst);
    this.byte(0x89);
    this.modrmReg(src, dst);
  }

  /**
   * Loads a 64-bit constant in the shortest form: xor for 0, mov r32 (zero-extends) for
   * u32, mov r64 sign-extended imm32, else movabs.
   */
  movImm(dst: Reg, v: bigint): void {
    const u = BigInt.asUintN(64, v);
    if (u === 0n) {
      this.aluRR(false, Alu.XOR, dst, dst);
    } else if (u <= 0xffffffffn) {
      this.rex(false, 0, 0, dst);
      this.byte(0xb8 + (dst & 7));
      this.i32(Number(u));
    } else if (u >= 0xffffffff80000000n) {
      this.rex(true, 0, 0, dst);
      this.byte(0xc7);
      this.modrmReg(0, dst);
      this.i32(Number(BigInt.asIntN(32, u)));
    } else {
      this.rex(true, 0, 0, dst);
      this.byte(0xb8 + (dst & 7));
      this.i64(u);
    }
  }

  /** Loads a sign-extended 32-bit value (a PVM immediate νX) without going through bigint. */
  movImmI32(dst: Reg, v: number): void {
    v |= 0;
    if (v === 0) this.aluRR(false, Alu.XOR, dst, dst);
    else if (v > 0) this.movImm32(dst, v);
    else {
      this.rex(true, 0, 0, dst);
      this.byte(0xc7);
      this.modrmReg(0, dst);
      this.i32(v);
    }
  }

  /** mov r32, imm32 (zero-extends to 64 bits); no flags touched */
  movImm32(dst: Reg, v: number): void {
    this.rex(false, 0, 0, dst);
    this.byte(0xb8 + (dst & 7));
    this.i32(v);
  }

  /** mov dst, [m] with size 1/2/4/8 bytes, zero-extending (1, 2: movzx; 4: mov r32) */
  loadZx(size: 1 | 2 | 4 | 8, dst: Reg, m: Mem): void {
    if (size === 8 || size === 4) {
      this.rexMem(size === 8, dst, m);
      this.byte(0x8b);
    } else {
      this.rexMem(false, dst, m);
      this.byte2(0x0f, size === 1 ? 0xb6 : 0xb7);
    }
    this.modrmMem(dst, m);
  }

  /** movsx dst64, [m] of 1/2/4 bytes */
  loadSx(size: 1 | 2 | 4, dst: Reg, m: Mem): void {
    this.rexMem(true, dst, m);
    if (size === 4) this.byte(0x63);
    else this.byte2(0x0f, size === 1 ? 0xbe : 0xbf);
    this.modrmMem(dst, m);
  }

  /** mov [m], src (low 1/2/4/8 bytes) */
  store(size: 1 | 2 | 4 | 8, m: Mem, src: Reg): void {
    if (size === 2) this.byte(0x66);
    this.rexMem(size === 8, src, m, size === 1 && src >= 4 && src < 8);
    this.byte(size === 1 ? 0x88 : 0x89);
    this.modrmMem(src, m);
  }

  /** mov [m], imm (size 1/2/4; 8 = sign-extended imm32) */
  storeImm(size: 1 | 2 | 4 | 8, m: Mem, imm: number): void {
    if (size === 2) this.byte(0x66);
    this.rexMem(size === 8, 0, m);
    this.byte(size === 1 ? 0xc6 : 0xc7);
    this.modrmMem(0, m);
    if (size === 1) this.byte(imm);
    else if (size === 2) this.bytes(imm & 0xff, (imm >> 8) & 0xff);
    else this.i32(imm);
  }

  /** movsx dst64, src8/src16; movsxd dst64, src32 */
  movsxRR(size: 1 | 2 | 4, dst: Reg, src: Reg): void {
    this.rex(true, dst, 0, src);
    if (size === 4) this.byte(0x63);
    else this.byte2(0x0f, size === 1 ? 0xbe : 0xbf);
    this.modrmReg(dst, src);
  }

  /** movzx dst32, src8/src16 */
  movzxRR(size: 1 | 2, dst: Reg, src: Reg): void {
    this.rex(false, dst, 0, src, size === 1 && src >= 4 && src < 8);
    this.byte2(0x0f, size === 1 ? 0xb6 : 0xb7);
    this.modrmReg(dst, src);
  }

  /** lea dst, [m] (32-bit form wraps the address mod 2^32) */
  lea(w: boolean, dst: Reg, m: Mem): void {
    this.rexMem(w, dst, m);
    this.byte(0x8d);
    this.modrmMem(dst, m);
  }

  // ---------------------------------------------------------------- arithmetic

  /** op dst, src */
  aluRR(w: boolean, op: Alu, dst: Reg, src: Reg): void {
    this.rex(w, src, 0, dst);
    this.byte((op << 3) | 1);
    this.modrmReg(src, dst);
  }

  /** op dst, imm (sign-extended imm8 or imm32) */
  aluRI(w: boolean, op: Alu, dst: Reg, imm: number): void {
    if (!fitsI32(imm)) throw new RangeError(`x64: immediate ${imm} does not fit 32 bits`);
    this.rex(w, 0, 0, dst);
    if (fitsI8(imm)) {
      this.byte(0x83);
      this.modrmReg(op, dst);
      this.byte(imm);
    } else {
      this.byte(0x81);
      this.modrmReg(op, dst);
      this.i32(imm);
    }
  }

  /** op qword/dword [m], imm */
  aluMI(w: boolean, op: Alu, m: Mem, imm: number): void {
    this.rexMem(w, 0, m);
    if (fitsI8(imm)) {
      this.byte(0x83);
      this.modrmMem(op, m);
      this.byte(imm);
    } else {
      this.byte(0x81);
      this.modrmMem(op, m);
      this.i32(imm);
    }
  }

  /** cmp byte [m], imm8 */
  cmpByteMI(m: Mem, imm: number): void {
    this.rexMem(false, 0, m);
    this.byte(0x80);
    this.modrmMem(Alu.CMP, m);
    this.byte(imm);
  }

  /** op dst, [m] */
  aluRM(w: boolean, op: Alu, dst: Reg, m: Mem): void {
    this.rexMem(w, dst, m);
    this.byte((op << 3) | 3);
    this.modrmMem(dst, m);
  }

  /** test a, b */
  testRR(w: boolean, a: Reg, b: Reg): void {
    this.rex(w, b, 0, a);
    this.byte(0x85);
    this.modrmReg(b, a);
  }

  /** imul dst, src */
  imulRR(w: boolean, dst: Reg, src: Reg): void {
    this.rex(w, dst, 0, src);
    this.byte2(0x0f, 0xaf);
    this.modrmReg(dst, src);
  }

  /** imul dst, src, imm32 */
  imulRRI(w: boolean, dst: Reg, src: Reg, imm: number): void {
    this.rex(w, dst, 0, src);
    if (fitsI8(imm)) {
      this.byte(0x6b);
      this.modrmReg(dst, src);
      this.byte(imm);
    } else {
      this.byte(0x69);
      this.modrmReg(dst, src);
      this.i32(imm);
    }
  }

  /** Group 3 (F7 /n): 2 not, 3 neg, 4 mul, 5 imul, 6 div, 7 idiv on a register */
  group3R(w: boolean, digit: number, r: Reg): void {
    this.rex(w, 0, 0, r);
    this.byte(0xf7);
    this.modrmReg(digit, r);
  }

  /** Group 3 on a memory operand */
  group3M(w: boolean, digit: number, m: Mem): void {
    this.rexMem(w, 0, m);
    this.byte(0xf7);
    this.modrmMem(digit, m);
  }

  neg(w: boolean, r: Reg): void {
    this.group3R(w, 3, r);
  }

  not(w: boolean, r: Reg): void {
    this.group3R(w, 2, r);
  }

  /** shift/rotate r by imm8 */
  shiftRI(w: boolean, op: Shift, r: Reg, imm: number): void {
    this.rex(w, 0, 0, r);
    if (imm === 1) {
      this.byte(0xd1);
      this.modrmReg(op, r);
    } else {
      this.byte(0xc1);
      this.modrmReg(op, r);
      this.byte(imm);
    }
  }

  /** shift/rotate r by cl */
  shiftRCl(w: boolean, op: Shift, r: Reg): void {
    this.rex(w, 0, 0, r);
    this.byte(0xd3);
    this.modrmReg(op, r);
  }

  /** cqo (w) / cdq */
  signExtendAcc(w: boolean): void {
    if (w) this.byte(0x48);
    this.byte(0x99);
  }

  bswap(w: boolean, r: Reg): void {
    this.rex(w, 0, 0, r);
    this.bytes(0x0f, 0xc8 + (r & 7));
  }

  /** F3 0F <op> forms: popcnt (B8), tzcnt (BC), lzcnt (BD) */
  private f3(w: boolean, op: number, dst: Reg, src: Reg): void {
    this.byte(0xf3);
    this.rex(w, dst, 0, src);
    this.byte2(0x0f, op);
    this.modrmReg(dst, src);
  }
  popcnt(w: boolean, dst: Reg, src: Reg): void {
    this.f3(w, 0xb8, dst, src);
  }
  tzcnt(w: boolean, dst: Reg, src: Reg): void {
    this.f3(w, 0xbc, dst, src);
  }
  lzcnt(w: boolean, dst: Reg, src: Reg): void {
    this.f3(w, 0xbd, dst, src);
  }

  // ---------------------------------------------------------------- VEX (BMI1/BMI2)

  /** 3-byte VEX: map 1 = 0F, 2 = 0F38, 3 = 0F3A; pp 0 none, 1 66, 2 F3, 3 F2 */
  private vex(w: boolean, reg: Reg, vvvv: Reg, rm: Reg, map: number, pp: number): void {
    this.byte(0xc4);
    this.byte(((~reg >> 3) & 1) << 7 | 1 << 6 | ((~rm >> 3) & 1) << 5 | map);
    this.byte((w ? 0x80 : 0) | ((~vvvv & 15) << 3) | pp);
  }

  /** shlx/shrx/sarx dst, src, count (count masked to 5/6 bits by the CPU) */
  shiftX(w: boolean, op: Shift.SHL | Shift.SHR | Shift.SAR, dst: Reg, src: Reg, count: Reg): void {
    const pp = op === Shift.SHL ? 1 : op === Shift.SHR ? 3 : 2;
    this.vex(w, dst, count, src, 2, pp);
    this.byte(0xf7);
    this.modrmReg(dst, src);
  }

  /** rorx dst, src, imm8 */
  rorx(w: boolean, dst: Reg, src: Reg, imm: number): void {
    this.vex(w, dst, 0, src, 3, 3);
    this.byte(0xf0);
    this.modrmReg(dst, src);
    this.byte(imm);
  }

  /** andn dst, a, b: dst = ~a & b */
  andn(w: boolean, dst: Reg, a: Reg, b: Reg): void {
    this.vex(w, dst, a, b, 2, 0);
    this.byte(0xf2);
    this.modrmReg(dst, b);
  }

  // ---------------------------------------------------------------- conditions

  setcc(cc: Cond, r: Reg): void {
    this.rex(false, 0, 0, r, r >= 4 && r < 8);
    this.byte2(0x0f, 0x90 + cc);
    this.modrmReg(0, r);
  }

  cmov(w: boolean, cc: Cond, dst: Reg, src: Reg): void {
    this.rex(w, dst, 0, src);
    this.byte2(0x0f, 0x40 + cc);
    this.modrmReg(dst, src);
  }

  // ---------------------------------------------------------------- control flow

  jmp(l: Label): void {
    this.byte(0xe9);
    this.rel32(l);
  }

  /** jmp to a label with an 8-bit displacement (caller guarantees the range) */
  jmpShort(l: Label): void {
    this.byte(0xeb);
    this.fixup(l, 1);
    this.byte(0);
  }

  jcc(cc: Cond, l: Label): void {
    this.byte2(0x0f, 0x80 + cc);
    this.rel32(l);
  }

  jccShort(cc: Cond, l: Label): void {
    this.byte(0x70 + cc);
    this.fixup(l, 1);
    this.byte(0);
  }

  /** jmp r64 */
  jmpR(r: Reg): void {
    this.rex(false, 0, 0, r);
    this.byte(0xff);
    this.modrmReg(4, r);
  }

  /** jmp qword [m] */
  jmpM(m: Mem): void {
    this.rexMem(false, 0, m);
    this.byte(0xff);
    this.modrmMem(4, m);
  }

  /** lea dst, [rip + label] */
  leaRip(dst: Reg, l: Label): void {
    this.rex(true, dst, 0, 0);
    this.byte(0x8d);
    this.byte(((dst & 7) << 3) | 5);
    this.rel32(l);
  }

  push(r: Reg): void {
    this.rex(false, 0, 0, r);
    this.byte(0x50 + (r & 7));
  }

  pop(r: Reg): void {
    this.rex(false, 0, 0, r);
    this.byte(0x58 + (r & 7));
  }

  ret(): void {
    this.byte(0xc3);
  }

  ud2(): void {
    this.byte2(0x0f, 0x0b);
  }

  /** 8-byte absolute address slot holding a label's final address, patched by the caller */
  dataQword(v: bigint): void {
    this.i64(v);
  }
}
