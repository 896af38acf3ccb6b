/**
 * The bench report: one self-contained HTML file, results/reports/bench-<date>.html
 * (or $PVM_LAB_REPORTS), with two bar charts drawn by Chart.js (inlined through
 * lab/report/chartjs.ts, so the file opens with no network) and the table:
 *   - median run time per workload, one bar per backend (log scale: the backends span
 *     four orders of magnitude);
 *   - the same divided by the native anchor's time (log scale).
 * The rows are embedded as JSON; rows without a number (and workloads with none, such
 * as one that needs the kernel) are left out of the charts and named in the table.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chartJsSource } from "../report/chartjs.ts";
import { reportsDir } from "../report/write.ts";
import { COLUMN_NOTES, tableCells } from "./table.ts";
import type { BenchRow } from "./workloads.ts";

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Embeds `v` as JSON inside a <script> element. */
const embed = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

/** The browser-side code: two grouped bar charts from the embedded rows. */
const CLIENT = String.raw`
const rows = JSON.parse(document.getElementById("bench-data").textContent);
const workloads = [...new Set(rows.filter((r) => r.median_ns !== null).map((r) => r.workload))];
const backends = [...new Set(rows.map((r) => r.backend))].filter((b) => rows.some((r) => r.backend === b && r.median_ns !== null));
const palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];
function chart(id, title, value) {
  const datasets = backends.map((b, i) => ({
    label: b,
    backgroundColor: palette[i % palette.length],
    data: workloads.map((w) => { const r = rows.find((x) => x.workload === w && x.backend === b); return r ? value(r) : null; }),
  }));
  new Chart(document.getElementById(id), {
    type: "bar",
    data: { labels: workloads, datasets },
    options: { animation: false, plugins: { title: { display: true, text: title } }, scales: { y: { type: "logarithmic", title: { display: true, text: title } } } },
  });
}
chart("time", "median run time, ms (log scale)", (r) => (r.median_ns === null ? null : r.median_ns / 1e6));
chart("ratio", "run time / native run time (log scale)", (r) => r.ratio_native);
document.body.dataset.chartsDrawn = "2";
`;

/** The report as HTML text. `machine` and `when` head the page. */
export function renderBenchReport(rows: BenchRow[], machine: string, when: Date): string {
  const cells = tableCells(rows);
  const cols = cells.length ? Object.keys(cells[0]!) : [];
  const table = `<table><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>${cells
    .map((r) => `<tr>${cols.map((c) => `<td>${esc(r[c])}</td>`).join("")}</tr>`)
    .join("\n")}</tbody></table>`;
  const lib = chartJsSource();
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>pvm-lab bench ${esc(when.toISOString())}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}td:nth-child(-n+2),td:last-child,th{text-align:left}canvas{margin:1em 0}</style>
<script>/* Chart.js ${esc(lib.version)} (MIT), inlined */${lib.text}</script>
</head><body>
<h1>pvm-lab bench</h1>
<p>${esc(when.toISOString())} on ${esc(machine)}</p>
<canvas id="time" height="110"></canvas>
<canvas id="ratio" height="110"></canvas>
${table}
<ul>${COLUMN_NOTES.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>
<script type="application/json" id="bench-data">${embed(rows)}</script>
<script>${CLIENT}</script>
</body></html>
`;
}

/** Writes the report to <reports>/bench-<YYYY-MM-DD-HHMMSS>.html; returns its path. */
export function writeBenchReport(rows: BenchRow[], machine: string, when = new Date()): string {
  const dir = reportsDir();
  mkdirSync(dir, { recursive: true });
  const stamp = when.toISOString().replace(/T/, "-").replace(/:/g, "").slice(0, 17);
  const path = join(dir, `bench-${stamp}.html`);
  writeFileSync(path, renderBenchReport(rows, machine, when));
  return path;
}
