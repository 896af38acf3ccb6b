/**
 * A run's report as one self-contained HTML file: summary, charts and the trial table.
 * Chart.js is inlined (lab/report/chartjs.ts) and the data is embedded as JSON, so the
 * file opens offline. Charts:
 *   - per workload, time (or gas) by configuration: baseline and candidate medians of
 *     each trial as bars, every raw candidate sample as a dot (log scale);
 *   - the search path: each trial's time relative to the starting configuration
 *     (best so far x the trial's geomean ratio), promotions marked, and the best-so-far
 *     line stepping down at each promotion (for greedy runs: the coordinate descent).
 * When every chart is drawn the page sets body[data-charts-drawn] to their number
 * (the headless-Chromium test reads it).
 */
import { chartJsSource } from "./chartjs.ts";
import type { ReportData, ReportTrial } from "./data.ts";

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Embeds `v` as JSON inside a <script> element. */
const embed = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

function trialRows(t: ReportTrial, metric: string): string {
  const fmt = (v: number | null) => (v === null ? "-" : metric === "gas" ? String(v) : `${(v / 1e6).toFixed(3)} ms`);
  return t.measurements
    .map((m, i) => {
      const verdict = m.status !== "ok" ? `${m.status}: ${m.reason ?? ""}` : m.reason === "identical code" ? "no change (identical code)" : m.verdict;
      const ratio = m.ratio === null ? "-" : `${m.ratio.toFixed(3)} [${m.ciLow!.toFixed(3)}, ${m.ciHigh!.toFixed(3)}]`;
      const head = i === 0 ? `<td rowspan="${t.measurements.length}">${t.seq + 1}</td><td rowspan="${t.measurements.length}">${esc(t.change)}${t.axis ? `<br><small>axis ${esc(t.axis)}, pass ${t.pass}</small>` : ""}</td>` : "";
      const tail = i === 0 ? `<td rowspan="${t.measurements.length}" class="${t.promoted ? "promoted" : "reverted"}">${esc(t.reason)}</td>` : "";
      return `<tr>${head}<td>${esc(m.workload)}</td><td>${fmt(m.baselineMedian)}</td><td>${fmt(m.candidateMedian)}</td><td>${ratio}</td><td>${m.pValue === null ? "-" : m.pValue.toPrecision(2)}</td><td>${esc(verdict)}</td>${tail}</tr>`;
    })
    .join("\n");
}

/** The browser-side code: builds the charts from the embedded data. */
const CLIENT = String.raw`
const data = JSON.parse(document.getElementById("report-data").textContent);
const gas = data.run.metric === "gas";
const unit = gas ? 1 : 1e6;
const unitName = gas ? "gas" : "ms";
const colors = { base: "rgba(120,120,120,0.6)", cand: "rgba(33,102,172,0.75)", dot: "rgba(214,96,77,0.55)", promoted: "rgb(26,152,80)", reverted: "rgb(150,150,150)", failed: "rgb(215,48,39)" };
let drawn = 0;
const common = { animation: false, responsive: true, maintainAspectRatio: false };

for (const w of data.workloads) {
  const box = document.createElement("div");
  box.className = "chart";
  box.innerHTML = "<h3></h3><div class=\"canvas\"><canvas></canvas></div>";
  box.querySelector("h3").textContent = w + ": " + (gas ? "gas" : "time") + " by configuration";
  document.getElementById("time-charts").appendChild(box);
  const labels = [], base = [], cand = [], dots = [];
  for (const t of data.trials) {
    const m = t.measurements.find((x) => x.workload === w);
    if (!m) continue;
    const label = "#" + (t.seq + 1) + " " + t.change + (m.status !== "ok" ? " (" + m.status + ")" : m.reason === "identical code" ? " (identical)" : "");
    labels.push(label);
    base.push(m.baselineMedian === null ? null : m.baselineMedian / unit);
    cand.push(m.candidateMedian === null ? null : m.candidateMedian / unit);
    for (const s of m.candidateSamples) dots.push({ x: label, y: s / unit });
  }
  new Chart(box.querySelector("canvas"), {
    data: {
      labels,
      datasets: [
        { type: "bar", label: "baseline median (" + unitName + ")", data: base, backgroundColor: colors.base },
        { type: "bar", label: "candidate median (" + unitName + ")", data: cand, backgroundColor: colors.cand },
        { type: "scatter", label: "candidate samples", data: dots, backgroundColor: colors.dot, pointRadius: 2 },
      ],
    },
    // logarithmic: an interpreter trial next to JIT trials differs a thousandfold
    options: { ...common, scales: { x: { type: "category", labels }, y: { type: "logarithmic", title: { display: true, text: unitName + " (log scale)" } } } },
  });
  drawn++;
}

{
  let best = 1;
  const pathPts = [], bestPts = [{ x: 0, y: 1 }], pointColors = [], labels = [];
  for (const t of data.trials) {
    const failed = t.measurements.some((m) => m.status !== "ok");
    const r = t.geomeanRatio === null ? null : best * t.geomeanRatio;
    pathPts.push({ x: t.seq + 1, y: r });
    labels.push(t.change);
    pointColors.push(failed ? colors.failed : t.promoted ? colors.promoted : colors.reverted);
    if (t.promoted && t.geomeanRatio !== null) best *= t.geomeanRatio;
    bestPts.push({ x: t.seq + 1, y: best });
  }
  new Chart(document.getElementById("path-chart"), {
    type: "scatter",
    data: {
      datasets: [
        { type: "line", label: "best so far (relative to start)", data: bestPts, stepped: true, borderColor: colors.promoted, pointRadius: 0 },
        { label: "trial (green promoted, grey reverted, red failed)", data: pathPts, pointBackgroundColor: pointColors, pointBorderColor: pointColors, pointRadius: 5 },
      ],
    },
    options: {
      ...common,
      scales: { x: { title: { display: true, text: "trial" }, ticks: { stepSize: 1 } }, y: { type: "logarithmic", title: { display: true, text: (gas ? "gas" : "time") + " relative to the start (log scale)" } } },
      plugins: { tooltip: { callbacks: { label: (c) => c.datasetIndex === 1 ? "#" + c.raw.x + " " + labels[c.dataIndex] + ": " + (c.raw.y === null ? "failed" : c.raw.y.toFixed(3)) : "best " + c.raw.y.toFixed(3) } } },
    },
  });
  drawn++;
}
document.body.dataset.chartsDrawn = String(drawn);
`;

/** The report of one run as a complete HTML document. */
export function renderReport(d: ReportData): string {
  const lib = chartJsSource();
  const r = d.run;
  const rows = d.trials.map((t) => trialRows(t, r.metric)).join("\n");
  const promoted = d.trials.filter((t) => t.promoted).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${esc(r.experiment)} — run ${r.id}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #222; background: #fff; }
table { border-collapse: collapse; margin: 12px 0; } td, th { border: 1px solid #ccc; padding: 3px 8px; vertical-align: top; }
th { background: #f3f3f3; } .promoted { color: #1a7f37; font-weight: 600; } .reverted { color: #666; }
.chart { margin: 18px 0; } .canvas { position: relative; height: 320px; max-width: 1100px; }
small { color: #666; } code { background: #f6f6f6; padding: 0 3px; }
</style></head>
<body>
<h1>${esc(r.experiment)} <small>run ${r.id} · ${esc(r.kind)} · ${esc(r.status)}</small></h1>
<p>Experiment <code>${esc(r.file)}</code>, strategy <b>${esc(r.strategy)}</b>, metric <b>${esc(r.metric)}</b>${r.budget ? `, budget ${r.budget} trials` : ""}.
Started ${esc(r.startedAt)}${r.finishedAt ? `, ended ${esc(r.finishedAt)}` : ""}.<br>
Machine: ${esc(d.machine)}.</p>
<p>Start: <code>${esc(d.start)}</code><br>Best at the end: <code>${esc(d.best)}</code> ${d.changedBest ? "" : "(unchanged)"}<br>
${d.trials.length} trial(s), ${promoted} promoted. Charts: Chart.js ${esc(lib.version)}, inlined.</p>
<h2>Time by configuration</h2>
<div id="time-charts"></div>
<h2>Search path</h2>
<div class="chart"><div class="canvas"><canvas id="path-chart"></canvas></div></div>
<h2>Trials</h2>
<table><thead><tr><th>#</th><th>change</th><th>workload</th><th>baseline</th><th>candidate</th><th>ratio [CI]</th><th>p</th><th>verdict</th><th>decision</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<script id="report-data" type="application/json">${embed(d)}</script>
<script>${lib.text}</script>
<script>${CLIENT}</script>
</body></html>
`;
}
