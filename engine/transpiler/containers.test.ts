/**
 * The GP standard program and the JAR v2 blob of one program describe the same memory:
 * the same pages, with the same access and initial contents, the same φ0/φ1 and heap start.
 */
import { describe, expect, test } from "bun:test";
import { jarImage } from "../program/jar-blob.ts";
import type { ProgramImage } from "../program/image.ts";
import { PAGE_SIZE, RO_START, rwStart } from "../program/layout.ts";
import { standardImage } from "../program/standard-program.ts";
import { buildContainers } from "./containers.ts";
import type { DataLayout } from "./data-layout.ts";

/** page number -> [writable, contents] for every mapped page */
function pages(img: ProgramImage): Map<number, string> {
  const out = new Map<number, string>();
  for (const r of img.regions) {
    for (let p = 0; p < r.length / PAGE_SIZE; p++) {
      const bytes = new Uint8Array(PAGE_SIZE);
      if (r.data) bytes.set(r.data.subarray(p * PAGE_SIZE, (p + 1) * PAGE_SIZE));
      out.set(r.address / PAGE_SIZE + p, `${r.writable ? "rw" : "ro"}:${Buffer.from(bytes).toString("hex")}`);
    }
  }
  return out;
}

describe("containers", () => {
  const ro = new Uint8Array(5000).map((_, i) => i & 0xff);
  const rw = new Uint8Array(100).fill(7);
  const rw0 = rwStart(ro.length);
  const layout: DataLayout = { ro, rw, rwStart: rw0, bssEnd: rw0 + 9000, placed: new Map() };
  const code = { code: Uint8Array.of(0), mask: Uint8Array.of(1), jumpTable: new Uint32Array(0) };

  test("same memory from both containers, with stack rounded up and heap pages after BSS", () => {
    const { standard, jar } = buildContainers(code, layout, { stackSize: 8193, heapPages: 3 });
    expect(standard.stackSize).toBe(3 * PAGE_SIZE);
    expect(standard.extraPages).toBe(2 + 3); // 9000 bytes of RW+BSS = 3 pages, 1 of them holds w
    expect(jar.caps.map((c) => c.index)).toEqual([64, 65, 66, 67, 68]);
    expect(jar.caps.find((c) => c.index === 66)).toMatchObject({ basePage: RO_START / PAGE_SIZE, pageCount: 2, writable: false });
    expect(jar.caps.find((c) => c.index === 68)).toMatchObject({ basePage: rw0 / PAGE_SIZE + 3, pageCount: 3, writable: true });
    const a = standardImage(standard);
    const b = jarImage(jar);
    expect(pages(b)).toEqual(pages(a));
    expect(b.regs.slice(0, 2)).toEqual(a.regs.slice(0, 2));
    expect(b.heapStart).toBe(a.heapStart);
  });

  test("empty RO, RW and heap leave their caps out", () => {
    const empty: DataLayout = { ro: new Uint8Array(0), rw: new Uint8Array(0), rwStart: rwStart(0), bssEnd: rwStart(0), placed: new Map() };
    const { standard, jar } = buildContainers(code, empty, { stackSize: 4096, heapPages: 0 });
    expect(jar.caps.map((c) => c.index)).toEqual([64, 65]);
    expect(pages(jarImage(jar))).toEqual(pages(standardImage(standard)));
  });
});
