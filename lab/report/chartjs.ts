/**
 * The charting library of the HTML reports: Chart.js (npm `chart.js`, MIT), its UMD
 * build inlined into each report so that the file opens with no network. Chosen for
 * category bar charts and mixed bar/line/scatter charts out of the box, a single
 * self-contained 210 KB UMD file, canvas rendering that headless Chromium screenshots,
 * and a stable, widely used API.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

let cached: { text: string; version: string } | undefined;

/** The library's source, safe to put inside a <script> element, and its version. */
export function chartJsSource(): { text: string; version: string } {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  // the package's export map hides package.json; its main entry sits beside the UMD build in dist/
  const dist = dirname(require.resolve("chart.js"));
  const version = (JSON.parse(readFileSync(join(dist, "..", "package.json"), "utf8")) as { version: string }).version;
  const text = readFileSync(join(dist, "chart.umd.min.js"), "utf8").replace(/<\/script/gi, "<\\/script");
  cached = { text, version };
  return cached;
}
