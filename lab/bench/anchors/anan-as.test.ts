import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { interpreterBackend } from "../../../engine/interpreter/interpreter.ts";
import { type OpcodeName, type Operands, encodeInstruction } from "../../../engine/isa/index.ts";
import { encodeStandardProgram } from "../../../engine/program/standard-program.ts";
import { prepareBlob } from "../../runner.ts";
import { pagesFor, prepareAnanAs } from "./anan-as.ts";

/** φ7 += 3 around five no-op host calls (ecalli 0), then REPLY (ecalli 255): φ7 = 15. */
function program(): Uint8Array {
  const items: Array<[OpcodeName, Operands]> = [
    ["load_imm", { ra: 7, x: 0 }],
    ["load_imm", { ra: 8, x: 5 }],
    ["fallthrough", {}],
    ["ecalli", { x: 0 }],
    ["add_imm_64", { ra: 7, rb: 7, x: 3 }],
    ["add_imm_64", { ra: 8, rb: 8, x: -1 }],
    ["branch_ne_imm", { ra: 8, x: 0, y: 0 }],
    ["ecalli", { x: 255 }],
  ];
  const code: number[] = [];
  const mask: number[] = [];
  let loop = 0;
  for (const [name, ops] of items) {
    if (name === "fallthrough") loop = code.length + 1;
    const o = name === "branch_ne_imm" ? { ...ops, y: loop } : ops;
    encodeInstruction("gp-0.7", name, o, code.length).forEach((b, i) => {
      code.push(b);
      mask.push(i === 0 ? 1 : 0);
    });
  }
  return encodeStandardProgram({
    ro: new Uint8Array(), rw: new Uint8Array(), extraPages: 0, stackSize: 4096,
    code: { code: Uint8Array.from(code), mask: Uint8Array.from(mask), jumpTable: new Uint32Array() },
  });
}

test("anan-as serves the default host and agrees with our interpreter on answer and gas", async () => {
  const blob = program();
  const anan = prepareAnanAs(blob);
  const x = anan.timed.setup();
  const out = anan.timed.run(x);
  anan.timed.teardown?.(x);
  expect(out.status).toBe("halt");
  expect(out.result).toBe(15n);

  const path = join(mkdtempSync(join(tmpdir(), "anan-as-")), "toy.gp.blob");
  writeFileSync(path, blob);
  const ours = (await prepareBlob(path, interpreterBackend, "gp-0.7")).run();
  expect(ours.status).toBe("halt");
  expect(ours.result).toBe(15n);
  expect(out.gas).toBe(ours.gasUsed);
  expect(anan.compileNs).toBeGreaterThan(0);
});

test("pagesFor counts RO, RW, heap, stack and the argument page", () => {
  const blob = encodeStandardProgram({
    ro: new Uint8Array(5000), rw: new Uint8Array(1), extraPages: 3, stackSize: 8192,
    code: { code: Uint8Array.of(0), mask: Uint8Array.of(1), jumpTable: new Uint32Array() },
  });
  expect(pagesFor(blob)).toBe(2 + 1 + 3 + 2 + 1);
});
