/** `bun lab results`: recent sweeps. */
import { Database } from "bun:sqlite";
import { existsSync } from "node:fs";
import { type Command, intOption, parseCommandArgs } from "../command.ts";
import { databasePath } from "../paths.ts";
import { formatRows } from "../table-format.ts";

const usage = `
bun lab results [--limit N]

Lists the most recent sweeps: run id, experiment, status, trials, promoted, start time.`;

const results: Command = {
  summary: "list recent sweeps",
  usage,
  async run(argv) {
    const { values } = parseCommandArgs("results", argv, { limit: { type: "string" } }, false);
    const limit = intOption("results", "limit", values.limit, 20, 1);
    const path = databasePath();
    if (!existsSync(path)) {
      console.log("no sweeps yet");
      return 0;
    }
    const db = new Database(path, { readonly: true });
    const rows = db
      .query(
        `SELECT r.id AS run, r.experiment, r.status, r.backend, r.metric,
                (SELECT COUNT(*) FROM trials t WHERE t.run_id = r.id) AS trials,
                (SELECT COUNT(*) FROM trials t JOIN decisions d ON d.trial_id = t.id WHERE t.run_id = r.id AND d.promoted = 1) AS promoted,
                r.started_at
         FROM runs r ORDER BY r.id DESC LIMIT ?`,
      )
      .all(limit) as Record<string, unknown>[];
    db.close();
    console.log(formatRows(rows));
    return 0;
  },
};
export default results;
