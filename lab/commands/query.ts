/** `bun lab query "<SQL>"`: read-only SQL over the results database. */
import { Database } from "bun:sqlite";
import { existsSync } from "node:fs";
import { type Command, UsageError, parseCommandArgs } from "../command.ts";
import { databasePath } from "../paths.ts";
import { formatRows } from "../table-format.ts";

const usage = `
bun lab query "<SQL>" [--json|--csv]

Runs one read-only statement against results/lab.sqlite (schema: lab/store/schema.ts)
and prints the rows as a table, JSON or CSV.`;

const query: Command = {
  summary: "SQL over the results database (table, --json or --csv)",
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs("query", argv, { json: { type: "boolean" }, csv: { type: "boolean" } });
    if (positionals.length !== 1) throw new UsageError('bun lab query: expected exactly one "<SQL>" argument');
    const path = databasePath();
    if (!existsSync(path)) throw new UsageError(`${path}: no results database yet (run bun lab sweep first)`);
    const db = new Database(path, { readonly: true });
    let rows: Record<string, unknown>[];
    try {
      rows = db.query(positionals[0]!).all() as Record<string, unknown>[];
    } catch (e) {
      throw new UsageError(`bun lab query: ${(e as Error).message}`);
    } finally {
      db.close();
    }
    if (values.json) console.log(JSON.stringify(rows, null, 2));
    else if (values.csv) {
      const cols = rows.length ? Object.keys(rows[0]!) : [];
      const cell = (v: unknown) => {
        const s = v === null || v === undefined ? "" : String(v);
        return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      };
      console.log([cols.join(","), ...rows.map((r) => cols.map((c) => cell(r[c])).join(","))].join("\n"));
    } else console.log(formatRows(rows));
    return 0;
  },
};
export default query;
