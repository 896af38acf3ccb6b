/** `bun lab results`: recent sweeps and comparisons; `--report <run>` (re)writes a run's HTML report. */
import { existsSync } from "node:fs";
import { type Command, UsageError, intOption, parseCommandArgs } from "../command.ts";
import { databasePath } from "../paths.ts";
import { writeRunReport } from "../report/write.ts";
import { openDatabase, runById } from "../store/db.ts";
import { formatRows } from "../table-format.ts";

const usage = `
bun lab results [--limit N] [--all]
bun lab results --report <run>

Lists the most recent sweeps (with --all also comparisons): run id, kind, experiment,
strategy, status (running | finished | interrupted | failed), trials, promoted, start
time and the HTML report. --report writes (or rewrites) a run's report to
results/reports/ and prints its path. Raw data: bun lab query "<SQL>" (schema in
lab/store/schema.ts).`;

const results: Command = {
  summary: "list recent sweeps (and comparisons); --report <run> writes a run's HTML report",
  usage,
  async run(argv) {
    const { values } = parseCommandArgs("results", argv, { limit: { type: "string" }, all: { type: "boolean" }, report: { type: "string" } }, false);
    const limit = intOption("results", "limit", values.limit, 20, 1);
    const path = databasePath();
    if (!existsSync(path)) {
      if (values.report !== undefined) throw new UsageError(`${path}: no results database yet (run bun lab sweep first)`);
      console.log("no sweeps yet");
      return 0;
    }
    const db = openDatabase(path);
    try {
      if (values.report !== undefined) {
        const id = intOption("results", "report", values.report, 0, 1);
        if (!runById(db, id)) throw new UsageError(`bun lab results --report: no run ${id} in ${path}`);
        console.log(writeRunReport(db, id));
        return 0;
      }
      const rows = db
        .query(
          `SELECT r.id AS run, r.kind, r.experiment, r.strategy, r.status,
                  (SELECT COUNT(*) FROM trials t WHERE t.run_id = r.id) AS trials,
                  (SELECT COUNT(*) FROM trials t JOIN decisions d ON d.trial_id = t.id WHERE t.run_id = r.id AND d.promoted = 1) AS promoted,
                  r.started_at, COALESCE(r.report, '') AS report
           FROM runs r ${values.all ? "" : "WHERE r.kind = 'sweep'"} ORDER BY r.id DESC LIMIT ?`,
        )
        .all(limit) as Record<string, unknown>[];
      console.log(rows.length ? formatRows(rows) : "no sweeps yet");
      return 0;
    } finally {
      db.close();
    }
  },
};
export default results;
