/** `bun lab ci`'s summary as markdown, for a CI log or a pull-request comment. */
import { formatRows } from "../table-format.ts";
import type { CiRow } from "./check.ts";

const ms = (ns?: number) => (ns === undefined ? "-" : `${(ns / 1e6).toFixed(3)} ms`);

/** Heading, context lines, the table and the verdict line. */
export function ciMarkdown(rows: CiRow[], context: string[], gasOnly: boolean, extra: string[]): string {
  const failed = rows.filter((r) => r.failures.length);
  const table = formatRows(
    rows.map((r) => ({
      workload: r.workload,
      backend: r.backend,
      "gas (baseline)": r.baselineGas ?? "(new)",
      "gas (now)": r.gas ?? "-",
      ...(gasOnly ? {} : {
        "time (baseline)": ms(r.baselineMedian),
        "time (now)": ms(r.median),
        "ratio [95% CI]": r.ratio === undefined ? "-" : `${r.ratio.toFixed(3)} [${r.ciLow!.toFixed(3)}, ${r.ciHigh!.toFixed(3)}]`,
      }),
      result: r.failures.length ? `**FAIL** ${r.failures.join("; ")}` : ["ok", ...r.notes].join("; "),
    })),
  );
  const verdict = failed.length
    ? `**FAIL**: ${failed.length} of ${rows.length} rows (${failed.map((r) => `${r.workload}/${r.backend}`).join(", ")})`
    : `**PASS**: ${rows.length} rows${gasOnly ? " (gas only)" : ""}`;
  return [`## pvm-lab ci${gasOnly ? " (gas only)" : ""}`, "", ...context.map((c) => `- ${c}`), "", table, "", ...extra.map((e) => `${e}\n`), verdict].join("\n");
}
