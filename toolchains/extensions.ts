/**
 * RISC-V extension sets beyond rv64em that a guest build may enable, and how each
 * compiler spells them.
 *
 *   set        "none" | "all" | comma list of c, zba, zbb, zbs, zicond (any order)
 *   clang      -march=rv64em[c][_zba][_zbb][_zbs][_zicond]   (ISA string order: single
 *              letters first, then multi-letter Z extensions in canonical order)
 *   rustc      -C target-feature=+c,+zba,+zbb,+zbs,+zicond   (after the target spec's
 *              "+e,+m,-a,-c", so a later "+c" wins)
 *
 * The canonical order is the order of EXTENSIONS; every function here returns lists in
 * that order so that equal sets give equal cache keys.
 */

/** Every extension the lab can enable, in canonical (ISA string) order. */
export const EXTENSIONS = ["c", "zba", "zbb", "zbs", "zicond"] as const;
export type Extension = (typeof EXTENSIONS)[number];

/**
 * Parses an extension set: "none" (or "" / undefined) -> [], "all" -> every extension,
 * "zbb,c" or ["zbb", "c"] -> ["c", "zbb"]. Throws an Error naming the bad entry.
 */
export function parseExtensions(spec: string | readonly string[] | undefined): Extension[] {
  if (spec === undefined) return [];
  const parts = typeof spec === "string" ? spec.split(",") : [...spec];
  const names = parts.map((p) => p.trim().toLowerCase()).filter((p) => p.length > 0);
  if (names.length === 0 || (names.length === 1 && names[0] === "none")) return [];
  if (names.length === 1 && names[0] === "all") return [...EXTENSIONS];
  const set = new Set<Extension>();
  for (const n of names) {
    if (!(EXTENSIONS as readonly string[]).includes(n)) {
      throw new Error(`unknown RISC-V extension "${n}" (known: none, all, ${EXTENSIONS.join(", ")})`);
    }
    set.add(n as Extension);
  }
  return EXTENSIONS.filter((e) => set.has(e));
}

/** Canonical text of a set: "none", "all", or the comma list in canonical order. */
export function extensionsLabel(exts: readonly Extension[]): string {
  const sorted = EXTENSIONS.filter((e) => exts.includes(e));
  if (sorted.length === 0) return "none";
  if (sorted.length === EXTENSIONS.length) return "all";
  return sorted.join(",");
}

/** clang's -march value, e.g. "rv64emc_zba_zbb". */
export function clangMarch(exts: readonly Extension[]): string {
  const single = exts.includes("c") ? "c" : "";
  const multi = EXTENSIONS.filter((e) => e !== "c" && exts.includes(e));
  return `rv64em${single}${multi.map((e) => `_${e}`).join("")}`;
}

/** rustc target features to add to the target spec's, e.g. ["+c", "+zba"]. */
export function rustTargetFeatures(exts: readonly Extension[]): string[] {
  return EXTENSIONS.filter((e) => exts.includes(e)).map((e) => `+${e}`);
}

/** All 2^5 = 32 subsets, from none to all, ordered by size then canonical order. */
export function allExtensionSubsets(): Extension[][] {
  const out: Extension[][] = [];
  for (let mask = 0; mask < 1 << EXTENSIONS.length; mask++) {
    out.push(EXTENSIONS.filter((_, i) => mask & (1 << i)));
  }
  return out.sort((a, b) => a.length - b.length || subsetRank(a) - subsetRank(b));
}

function subsetRank(s: readonly Extension[]): number {
  // Lexicographic by canonical index: earlier extensions sort first.
  let r = 0;
  for (const e of s) r = r * 8 + EXTENSIONS.indexOf(e) + 1;
  return r;
}
