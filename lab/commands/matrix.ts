/**
 * `bun lab matrix`: every toolchain x every RISC-V extension subset, each cell built,
 * transpiled and run on a backend against its reference (lab/matrix/). Prints the
 * table, the failing cells and `N passed, N failed`; exit 1 when any cell failed.
 */
import { type Command, UsageError, oneOf, parseCommandArgs } from "../command.ts";
import { BACKEND_NAMES } from "../backends.ts";
import { MATRIX_PROGRAMS, parseSubsets } from "../matrix/plan.ts";
import { formatMatrixReport } from "../matrix/report.ts";
import { runMatrix } from "../matrix/run-matrix.ts";

const usage = `
bun lab matrix [--toolchains NAME,...] [--extensions SET]... [--programs riscv-tests,fib,sieve]
               [--backend interpreter|jit] [--opt-level N] [--json]

Builds every program with every toolchain under every RISC-V extension subset, runs it
and compares the answer with the reference: riscv-tests (C; clang toolchains) against
the same source compiled natively for x86-64, fib and sieve (Rust; Rust toolchains)
against workload.json. Cells: ok, BUILD, XLATE (transpiler refused the ELF), RUN (did
not halt), WRONG (wrong answer; the differing riscv-tests groups are named), n/a
(toolchain unusable).

  --toolchains   default: rust-1.96, rust-1.85, clang-22, clang-19 (their cells fail when
                 one is not usable) and every usable rustup toolchain
  --extensions   repeatable; "every" (default: all 32 subsets of c,zba,zbb,zbs,zicond),
                 "none", "all" or a comma list
  --programs     default: riscv-tests,fib,sieve
  --backend      default: interpreter`;

const matrix: Command = {
  summary: "every toolchain x extension subset: build, transpile, run, compare (N passed, N failed)",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("matrix", argv, {
      toolchains: { type: "string" },
      extensions: { type: "string", multiple: true },
      programs: { type: "string" },
      backend: { type: "string" },
      "opt-level": { type: "string" },
      json: { type: "boolean" },
    });
    if (positionals.length) throw new UsageError(`bun lab matrix: unexpected argument "${positionals[0]}"`);
    const backend = oneOf("matrix", "backend", values.backend, BACKEND_NAMES, "interpreter");
    const optLevel = oneOf("matrix", "opt-level", values["opt-level"], ["0", "1", "2", "3", "s", "z"] as const, "3");
    let subsets;
    try {
      subsets = parseSubsets(values.extensions ?? []);
    } catch (e) {
      throw new UsageError(`bun lab matrix: --extensions: ${(e as Error).message}`);
    }
    const names = values.programs ? values.programs.split(",").map((s) => s.trim()) : MATRIX_PROGRAMS.map((p) => p.name);
    const programs = names.map((n) => {
      const p = MATRIX_PROGRAMS.find((m) => m.name === n);
      if (!p) throw new UsageError(`bun lab matrix: --programs: unknown "${n}" (known: ${MATRIX_PROGRAMS.map((m) => m.name).join(", ")})`);
      return p;
    });
    const toolchains = values.toolchains?.split(",").map((s) => s.trim()).filter(Boolean);
    const { outcomes, references, skipped } = await runMatrix({
      programs,
      toolchains,
      subsets,
      backend,
      optLevel,
      log: (s) => console.error(s),
      // Progress on stderr: a full matrix takes tens of minutes (mostly Rust core builds).
      onCell: (o, i, n) =>
        console.error(`[${i + 1}/${n}] ${o.program} ${o.toolchain} ext=${o.extensions}: ${o.passed ? "ok" : o.stage} (${(o.ms / 1000).toFixed(1)} s)${o.passed ? "" : ` ${o.detail}`}`),
    });
    const problems = [...references.values()].flatMap((r) => (r.problem ? [r.problem] : []));
    if (values.json) {
      const json = {
        backend,
        skipped: skipped.map((t) => ({ name: t.name, version: t.version, reason: t.reason })),
        references: Object.fromEntries([...references].map(([k, r]) => [k, { source: r.source, problem: r.problem, values: Object.fromEntries([...r.ref].map(([e, v]) => [e, v.toString()])) }])),
        cells: outcomes.map((o) => ({ ...o, instructions: o.instructions?.toString() })),
        passed: outcomes.filter((o) => o.passed).length,
        failed: outcomes.filter((o) => !o.passed).length + problems.length,
      };
      console.log(JSON.stringify(json, null, 2));
    } else {
      for (const [name, r] of references) console.log(`reference ${name}: ${r.source}`);
      for (const t of skipped) console.log(`skipped ${t.name} ${t.version}: not usable: ${t.reason ?? "unknown reason"}`);
      console.log(formatMatrixReport(outcomes, subsets, problems));
    }
    return outcomes.every((o) => o.passed) && problems.length === 0 ? 0 : 1;
  },
};
export default matrix;
