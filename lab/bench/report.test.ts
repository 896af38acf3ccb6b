import { expect, test } from "bun:test";
import { renderBenchReport } from "./report.ts";
import type { BenchRow } from "./workloads.ts";

const rows: BenchRow[] = [
  { workload: "sort", backend: "native", status: "ok", median_ns: 1e6, compile_ns: null, gas: null, correct: true, samples: 9, ratio_native: 1, ratio_anan_as: null },
  { workload: "sort", backend: "jit", status: "ok", median_ns: 3e6, compile_ns: 5e6, gas: "17", correct: true, samples: 9, ratio_native: 3, ratio_anan_as: null, note: "</script><b>x</b>" },
];

test("the report inlines Chart.js, embeds the rows and loads nothing from the network", () => {
  const html = renderBenchReport(rows, "test machine", new Date("2025-01-02T03:04:05Z"));
  expect(html).toContain("Chart.js");
  expect(html.length).toBeGreaterThan(150_000); // the library itself, not a link to it
  expect(html).not.toMatch(/<script[^>]+src=/);
  expect(html).not.toMatch(/<link[^>]+href=/);
  expect(html).toContain('id="bench-data"');
  expect(html).toContain("test machine");
  // a note cannot close the data script or inject markup
  expect(html).not.toContain("</script><b>");
  expect(html).toContain("&#60;/script&#62;&#60;b&#62;x&#60;/b&#62;");
});
