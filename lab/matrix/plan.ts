/**
 * The toolchain x extension-set matrix (`bun lab matrix`, issue 5): which programs run
 * with which toolchains, under which RISC-V extension subsets.
 *
 *   riscv-tests   C guest: every translated instruction vs the native x86-64 build
 *                 (one ELF; `main` folds the groups, each `rvt_<group>` is an entry too)
 *   fib, sieve    Rust guests: against workload.json's expected answer
 *
 * C programs run with every clang toolchain, Rust programs with every Rust toolchain
 * (Debian and rustup). A toolchain that is not usable still gets its cells, which fail
 * with the registry's reason: the matrix is about all of them.
 */
import { EXTENSIONS, type Extension, allExtensionSubsets, extensionsLabel, parseExtensions } from "../../toolchains/extensions.ts";
import type { ToolchainInfo } from "../../toolchains/registry.ts";

export interface MatrixProgram {
  name: string;
  language: "c" | "rust";
  /** Entries run one by one to find the culprit when `main` differs (first: main). */
  entries: string[];
}

/** The riscv-tests groups, in the order main.c folds them. */
export const RISCV_TEST_GROUPS = [
  "alu",
  "shift",
  "word",
  "muldiv",
  "memory",
  "control",
  "zba",
  "zbb",
  "zbs",
  "zicond",
  "compressed",
  "compiled",
  "runtime",
] as const;

export const MATRIX_PROGRAMS: MatrixProgram[] = [
  { name: "riscv-tests", language: "c", entries: ["main", ...RISCV_TEST_GROUPS.map((g) => `rvt_${g}`)] },
  { name: "fib", language: "rust", entries: ["main"] },
  { name: "sieve", language: "rust", entries: ["main"] },
];

export interface MatrixCell {
  program: MatrixProgram;
  toolchain: ToolchainInfo;
  extensions: Extension[];
}

/** The language a toolchain compiles: clang-* C, everything else (rust-*) Rust. */
export function toolchainLanguage(t: ToolchainInfo): "c" | "rust" {
  return t.kind === "apt-clang" ? "c" : "rust";
}

/**
 * Parses `--extensions` values: none given = all 32 subsets; each value is "none",
 * "all", "every" (the 32 subsets) or a comma list. Duplicates are dropped, order kept.
 */
export function parseSubsets(values: readonly string[]): Extension[][] {
  const out: Extension[][] = [];
  const seen = new Set<string>();
  const add = (s: Extension[]) => {
    const k = extensionsLabel(s);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(s);
    }
  };
  if (values.length === 0) values = ["every"];
  for (const v of values) {
    if (v === "every") allExtensionSubsets().forEach(add);
    else add(parseExtensions(v));
  }
  return out;
}

/** Every (program, toolchain, subset) cell, grouped by program then toolchain. */
export function planCells(programs: MatrixProgram[], toolchains: ToolchainInfo[], subsets: Extension[][]): MatrixCell[] {
  const cells: MatrixCell[] = [];
  for (const program of programs) {
    for (const toolchain of toolchains) {
      if (toolchainLanguage(toolchain) !== program.language) continue;
      for (const extensions of subsets) cells.push({ program, toolchain, extensions });
    }
  }
  return cells;
}

/** Short column label of a subset: "none", "all", or letters like "c+zba". */
export function subsetLabel(s: readonly Extension[]): string {
  const l = extensionsLabel(s);
  return l === "none" || l === "all" ? l : EXTENSIONS.filter((e) => s.includes(e)).join("+");
}
