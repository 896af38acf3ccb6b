import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Alu, Assembler, Shift } from "./assembler.ts";
import { Cond, RAX, RBP, RBX, RCX, RDI, RDX, RSI, RSP, R8, R9, R12, R13, R15, REG_NAMES32, REG_NAMES64 } from "./registers.ts";

type Case = [string, (a: Assembler) => void];

/** Hand-checked encodings (Intel SDM), independent of objdump. */
const KNOWN: Array<[number[], (a: Assembler) => void]> = [
  [[0x48, 0x89, 0xc8], (a) => a.movRR(true, RAX, RCX)],
  [[0x4c, 0x89, 0xc8], (a) => a.movRR(true, RAX, R9)],
  [[0x31, 0xc0], (a) => a.movImm(RAX, 0n)],
  [[0xb8, 0x2a, 0, 0, 0], (a) => a.movImm(RAX, 42n)],
  [[0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff], (a) => a.movImm(RAX, -1n)],
  [[0x49, 0x8b, 0x04, 0x07], (a) => a.loadZx(8, RAX, { base: R15, index: RAX })],
  [[0x49, 0x81, 0x6f, 0xf8, 0x00, 0x01, 0x00, 0x00], (a) => a.aluMI(true, Alu.SUB, { base: R15, disp: -8 }, 256)],
  [[0xc4, 0xe2, 0xf1, 0xf7, 0xc2], (a) => a.shiftX(true, Shift.SHL, RAX, RDX, RCX)],
  [[0x0f, 0x0b], (a) => a.ud2()],
];

describe("x64 assembler: known encodings", () => {
  for (const [bytes, emit] of KNOWN) {
    test(bytes.map((b) => b.toString(16).padStart(2, "0")).join(" "), () => {
      const a = new Assembler();
      emit(a);
      expect(Array.from(a.finish())).toEqual(bytes);
    });
  }
});

function objdumpAvailable(): boolean {
  return Bun.spawnSync(["objdump", "--version"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
}

/** Disassembles each case with objdump (Intel syntax) and returns one normalised line per case. */
function disassemble(cases: Case[]): string[] {
  const a = new Assembler();
  const starts: number[] = [];
  for (const [, emit] of cases) {
    starts.push(a.pos);
    emit(a);
  }
  const code = a.finish();
  const dir = mkdtempSync(join(tmpdir(), "x64-"));
  const file = join(dir, "code.bin");
  writeFileSync(file, code);
  const out = Bun.spawnSync(["objdump", "-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", file], { stdout: "pipe" }).stdout.toString();
  const byOffset = new Map<number, string>();
  for (const line of out.split("\n")) {
    const m = /^\s*([0-9a-f]+):\t[0-9a-f ]+\t(.*)$/.exec(line);
    if (m) byOffset.set(parseInt(m[1]!, 16), m[2]!.replace(/\s+/g, " ").replace(/\s*#.*$/, "").trim());
  }
  return starts.map((s) => byOffset.get(s) ?? "<none>");
}

const GUEST = [RBX, RCX, RDX, RSI, RDI, RBP, R8, R9, R12, R13];

describe("x64 assembler against objdump", () => {
  const cases: Case[] = [];
  for (const d of GUEST) {
    for (const s of [RAX, RSI, R9, R13]) {
      cases.push([`mov ${REG_NAMES64[d]},${REG_NAMES64[s]}`, (a) => a.movRR(true, d, s)]);
      cases.push([`add ${REG_NAMES32[d]},${REG_NAMES32[s]}`, (a) => a.aluRR(false, Alu.ADD, d, s)]);
      cases.push([`cmp ${REG_NAMES64[d]},${REG_NAMES64[s]}`, (a) => a.aluRR(true, Alu.CMP, d, s)]);
      cases.push([`imul ${REG_NAMES64[d]},${REG_NAMES64[s]}`, (a) => a.imulRR(true, d, s)]);
      cases.push([`cmovb ${REG_NAMES64[d]},${REG_NAMES64[s]}`, (a) => a.cmov(true, Cond.B, d, s)]);
      cases.push([`shlx ${REG_NAMES64[d]},${REG_NAMES64[s]},${REG_NAMES64[RCX]}`, (a) => a.shiftX(true, Shift.SHL, d, s, RCX)]);
      cases.push([`sarx ${REG_NAMES32[d]},${REG_NAMES32[s]},${REG_NAMES32[R9]}`, (a) => a.shiftX(false, Shift.SAR, d, s, R9)]);
      cases.push([`shrx ${REG_NAMES64[d]},${REG_NAMES64[s]},${REG_NAMES64[R13]}`, (a) => a.shiftX(true, Shift.SHR, d, s, R13)]);
      cases.push([`andn ${REG_NAMES64[d]},${REG_NAMES64[s]},${REG_NAMES64[RBX]}`, (a) => a.andn(true, d, s, RBX)]);
      cases.push([`popcnt ${REG_NAMES64[d]},${REG_NAMES64[s]}`, (a) => a.popcnt(true, d, s)]);
      cases.push([`lzcnt ${REG_NAMES32[d]},${REG_NAMES32[s]}`, (a) => a.lzcnt(false, d, s)]);
      cases.push([`tzcnt ${REG_NAMES64[d]},${REG_NAMES64[s]}`, (a) => a.tzcnt(true, d, s)]);
      cases.push([`movsxd ${REG_NAMES64[d]},${REG_NAMES32[s]}`, (a) => a.movsxRR(4, d, s)]);
    }
    cases.push([`add ${REG_NAMES64[d]},0x7f`, (a) => a.aluRI(true, Alu.ADD, d, 127)]);
    cases.push([`and ${REG_NAMES64[d]},0xffffffffffff8000`, (a) => a.aluRI(true, Alu.AND, d, -32768)]);
    cases.push([`xor ${REG_NAMES32[d]},0x12345`, (a) => a.aluRI(false, Alu.XOR, d, 0x12345)]);
    cases.push([`imul ${REG_NAMES64[d]},${REG_NAMES64[d]},0x1000`, (a) => a.imulRRI(true, d, d, 4096)]);
    cases.push([`shl ${REG_NAMES64[d]},0x5`, (a) => a.shiftRI(true, Shift.SHL, d, 5)]);
    cases.push([`sar ${REG_NAMES32[d]},1`, (a) => a.shiftRI(false, Shift.SAR, d, 1)]);
    cases.push([`ror ${REG_NAMES64[d]},cl`, (a) => a.shiftRCl(true, Shift.ROR, d)]);
    cases.push([`rorx ${REG_NAMES64[d]},${REG_NAMES64[R8]},0x3`, (a) => a.rorx(true, d, R8, 3)]);
    cases.push([`bswap ${REG_NAMES64[d]}`, (a) => a.bswap(true, d)]);
    cases.push([`neg ${REG_NAMES64[d]}`, (a) => a.neg(true, d)]);
    cases.push([`div ${REG_NAMES64[d]}`, (a) => a.group3R(true, 6, d)]);
    cases.push([`idiv ${REG_NAMES32[d]}`, (a) => a.group3R(false, 7, d)]);
    cases.push([`mov ${REG_NAMES64[d]},QWORD PTR [r15+rax*1]`, (a) => a.loadZx(8, d, { base: R15, index: RAX })]);
    cases.push([`mov ${REG_NAMES32[d]},DWORD PTR [r15+0x10]`, (a) => a.loadZx(4, d, { base: R15, disp: 16 })]);
    cases.push([`movzx ${REG_NAMES32[d]},BYTE PTR [r15+rax*1]`, (a) => a.loadZx(1, d, { base: R15, index: RAX })]);
    cases.push([`movzx ${REG_NAMES32[d]},WORD PTR [r15+rax*1]`, (a) => a.loadZx(2, d, { base: R15, index: RAX })]);
    cases.push([`movsx ${REG_NAMES64[d]},BYTE PTR [r15+rax*1]`, (a) => a.loadSx(1, d, { base: R15, index: RAX })]);
    cases.push([`movsx ${REG_NAMES64[d]},WORD PTR [r15+rax*1]`, (a) => a.loadSx(2, d, { base: R15, index: RAX })]);
    cases.push([`movsxd ${REG_NAMES64[d]},DWORD PTR [r15+rax*1]`, (a) => a.loadSx(4, d, { base: R15, index: RAX })]);
    cases.push([`mov QWORD PTR [r15+rax*1],${REG_NAMES64[d]}`, (a) => a.store(8, { base: R15, index: RAX }, d)]);
    cases.push([`mov WORD PTR [r15+rax*1],${["bx", "cx", "dx", "si", "di", "bp", "r8w", "r9w", "r12w", "r13w"][GUEST.indexOf(d)]}`, (a) => a.store(2, { base: R15, index: RAX }, d)]);
    cases.push([`mov BYTE PTR [r15+rax*1],${["bl", "cl", "dl", "sil", "dil", "bpl", "r8b", "r9b", "r12b", "r13b"][GUEST.indexOf(d)]}`, (a) => a.store(1, { base: R15, index: RAX }, d)]);
    cases.push([`lea eax,[${REG_NAMES64[d]}-0x8]`, (a) => a.lea(false, RAX, { base: d, disp: -8 })]);
    cases.push([`lea ${REG_NAMES64[d]},[${REG_NAMES64[d]}+0x12345678]`, (a) => a.lea(true, d, { base: d, disp: 0x12345678 })]);
    cases.push([`mov QWORD PTR [${REG_NAMES64[d]}+0x8],0xffffffffffffffff`, (a) => a.storeImm(8, { base: d, disp: 8 }, -1)]);
    cases.push([`test ${REG_NAMES64[d]},${REG_NAMES64[d]}`, (a) => a.testRR(true, d, d)]);
    cases.push([`push ${REG_NAMES64[d]}`, (a) => a.push(d)]);
    cases.push([`pop ${REG_NAMES64[d]}`, (a) => a.pop(d)]);
    cases.push([`jmp ${REG_NAMES64[d]}`, (a) => a.jmpR(d)]);
  }
  cases.push(["sete sil", (a) => a.setcc(Cond.E, RSI)]);
  cases.push(["setl al", (a) => a.setcc(Cond.L, RAX)]);
  cases.push(["movzx eax,dil", (a) => a.movzxRR(1, RAX, RDI)]);
  cases.push(["movzx r12d,r13w", (a) => a.movzxRR(2, R12, R13)]);
  cases.push(["movsx rax,spl", (a) => a.movsxRR(1, RAX, RSP)]);
  cases.push(["movabs rax,0x123456789abc", (a) => a.movImm(RAX, 0x123456789abcn)]);
  cases.push(["mov r9d,0xffffffff", (a) => a.movImm(R9, 0xffffffffn)]);
  cases.push(["mov rax,QWORD PTR [rsp]", (a) => a.loadZx(8, RAX, { base: RSP })]);
  cases.push(["mov rax,QWORD PTR [r13+0x0]", (a) => a.loadZx(8, RAX, { base: R13 })]);
  cases.push(["mov rax,QWORD PTR [r12]", (a) => a.loadZx(8, RAX, { base: R12 })]);
  cases.push(["mov rax,QWORD PTR [rbp+0x0]", (a) => a.loadZx(8, RAX, { base: RBP })]);
  cases.push(["div QWORD PTR [rsp]", (a) => a.group3M(true, 6, { base: RSP })]);
  cases.push(["sub QWORD PTR [r15-0x1000],0x7", (a) => a.aluMI(true, Alu.SUB, { base: R15, disp: -4096 }, 7)]);
  cases.push(["add rax,QWORD PTR [r15-0x8]", (a) => a.aluRM(true, Alu.ADD, RAX, { base: R15, disp: -8 })]);
  cases.push(["mov WORD PTR [r15+rax*1],0x1234", (a) => a.storeImm(2, { base: R15, index: RAX }, 0x1234)]);
  cases.push(["mov BYTE PTR [r15+rax*1],0x80", (a) => a.storeImm(1, { base: R15, index: RAX }, 0x80)]);
  cases.push(["cqo", (a) => a.signExtendAcc(true)]);
  cases.push(["cdq", (a) => a.signExtendAcc(false)]);
  cases.push(["jmp QWORD PTR [rax*8+0x0]".replace("[rax*8+0x0]", "[r15+rax*8+0x10]"), (a) => a.jmpM({ base: R15, index: RAX, scale: 8, disp: 16 })]);
  cases.push(["ret", (a) => a.ret()]);

  test.skipIf(!objdumpAvailable())(`${cases.length} encodings match objdump's disassembly`, () => {
    const got = disassemble(cases);
    const bad = cases.map(([want], i) => [want, got[i]]).filter(([want, g]) => want !== g);
    expect(bad).toEqual([]);
  });

  test("labels: forward and backward jumps patch rel32 and rel8", () => {
    const a = new Assembler();
    const top = a.newLabel();
    const end = a.newLabel();
    a.bind(top);
    a.jcc(Cond.E, end); // 6 bytes
    a.jmpShort(top); // 2 bytes
    a.bind(end);
    a.ret();
    expect(Array.from(a.finish())).toEqual([0x0f, 0x84, 0x02, 0, 0, 0, 0xeb, 0xf8, 0xc3]);
  });
});
