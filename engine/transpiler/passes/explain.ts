/**
 * `--explain` output of `bun lab build` and `bun lab transpile`: one line per
 * transpiler pass that ran, with the instructions it removed, changed and added and the
 * code size before and after, then the data pages (the layout pass places RO/RW data).
 *
 *   pass         removed  changed  added  instructions      code bytes
 *   peephole           7        6      0  89 -> 82          248 -> 237
 */
import type { PassReport } from "./pass.ts";

type Pages = { ro: number; rw: number };

/** The explanation lines (no trailing newline). */
export function explainPasses(passes: readonly PassReport[], pages: { placed: Pages; byAddress: Pages }): string[] {
  if (!passes.length) return ["passes: none"];
  const out = [`${"pass".padEnd(12)} ${"removed".padStart(7)} ${"changed".padStart(8)} ${"added".padStart(6)}  ${"instructions".padEnd(16)}  code bytes`];
  for (const r of passes) {
    const ins = `${r.opsBefore} -> ${r.opsAfter}`;
    out.push(`${r.pass.padEnd(12)} ${String(r.removed).padStart(7)} ${String(r.changed).padStart(8)} ${String(r.added ?? 0).padStart(6)}  ${ins.padEnd(16)}  ${r.bytesBefore} -> ${r.bytesAfter}${r.note ? `  (${r.note})` : ""}`);
  }
  const first = passes[0]!;
  const last = passes[passes.length - 1]!;
  out.push(`${"total".padEnd(12)} ${" ".repeat(7)} ${" ".repeat(8)} ${" ".repeat(6)}  ${`${first.opsBefore} -> ${last.opsAfter}`.padEnd(16)}  ${first.bytesBefore} -> ${last.bytesAfter}`);
  if (passes.some((r) => r.pass === "layout")) {
    out.push(`data pages: RO ${pages.byAddress.ro} -> ${pages.placed.ro}, RW+BSS ${pages.byAddress.rw} -> ${pages.placed.rw} (address order -> layout placement)`);
  }
  return out;
}
