import { describe, expect, test } from "bun:test";
import {
  EXTENSIONS,
  allExtensionSubsets,
  clangMarch,
  extensionsLabel,
  parseExtensions,
  rustTargetFeatures,
} from "./extensions.ts";

describe("extension sets", () => {
  test("parse none/all/lists into canonical order", () => {
    expect(parseExtensions(undefined)).toEqual([]);
    expect(parseExtensions("none")).toEqual([]);
    expect(parseExtensions("")).toEqual([]);
    expect(parseExtensions("all")).toEqual([...EXTENSIONS]);
    expect(parseExtensions("zicond, ZBB,c,zbb")).toEqual(["c", "zbb", "zicond"]);
    expect(parseExtensions(["zbs", "zba"])).toEqual(["zba", "zbs"]);
  });

  test("reject unknown names with the known ones", () => {
    expect(() => parseExtensions("zbb,v")).toThrow(/unknown RISC-V extension "v" \(known: none, all, c, zba, zbb, zbs, zicond\)/);
    expect(() => parseExtensions("none,all")).toThrow(/"none"/);
  });

  test("labels round-trip", () => {
    for (const s of allExtensionSubsets()) expect(parseExtensions(extensionsLabel(s))).toEqual(s);
    expect(extensionsLabel([])).toBe("none");
    expect(extensionsLabel([...EXTENSIONS])).toBe("all");
    expect(extensionsLabel(["zbb", "c"])).toBe("c,zbb");
  });

  test("clang -march strings: single letters, then Z extensions with underscores", () => {
    expect(clangMarch([])).toBe("rv64em");
    expect(clangMarch(["c"])).toBe("rv64emc");
    expect(clangMarch(["zbs", "zba"])).toBe("rv64em_zba_zbs");
    expect(clangMarch([...EXTENSIONS])).toBe("rv64emc_zba_zbb_zbs_zicond");
  });

  test("rustc target features", () => {
    expect(rustTargetFeatures([])).toEqual([]);
    expect(rustTargetFeatures(["zicond", "c"])).toEqual(["+c", "+zicond"]);
  });

  test("32 distinct subsets, from none to all", () => {
    const all = allExtensionSubsets();
    expect(all.length).toBe(32);
    expect(new Set(all.map(extensionsLabel)).size).toBe(32);
    expect(all[0]).toEqual([]);
    expect(all[31]).toEqual([...EXTENSIONS]);
    expect(all.slice(1, 6)).toEqual(EXTENSIONS.map((e) => [e]));
  });
});
