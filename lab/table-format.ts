/** Plain-text tables of row objects (markdown pipe syntax). */
export function formatRows(rows: Record<string, unknown>[]): string {
  if (!rows.length) return "(no rows)";
  const cols = Object.keys(rows[0]!);
  const cells = [cols, ...rows.map((r) => cols.map((c) => (r[c] === null || r[c] === undefined ? "" : String(r[c]))))];
  const widths = cols.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((x, i) => x.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(cells[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.slice(1).map(line)].join("\n");
}
