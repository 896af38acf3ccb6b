/** Writing a run's HTML report to results/reports/ (or $PVM_LAB_REPORTS). */
import type { Database } from "bun:sqlite";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { REPORTS_DIR } from "../paths.ts";
import { setRunReport } from "../store/db.ts";
import { loadReportData } from "./data.ts";
import { renderReport } from "./html.ts";

/** $PVM_LAB_REPORTS, else results/reports */
export function reportsDir(): string {
  return process.env.PVM_LAB_REPORTS ? resolve(process.env.PVM_LAB_REPORTS) : REPORTS_DIR;
}

/** Renders run `runId` to <reports>/run-<id>-<experiment>.html, records the path, returns it. */
export function writeRunReport(db: Database, runId: number): string {
  const data = loadReportData(db, runId);
  const dir = reportsDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `run-${runId}-${data.run.experiment.replace(/[^A-Za-z0-9_.-]+/g, "_")}.html`);
  writeFileSync(path, renderReport(data));
  setRunReport(db, runId, path);
  return path;
}
