/**
 * Integration programs of the jam-gas-cost-model suite (integration/{pinky,prime-sieve,
 * doom}.json): real programs that are not run, only priced. Keys:
 *
 *   name              string, optional (defaults to the file name)
 *   program           the generic code blob (GP A.2), as an array of bytes
 *   block-gas-costs   { "<pc>": gas, ... } for every block start ϖ
 *
 * A missing or mistyped key is a FormatError naming the file and the key.
 */
import { basename } from "node:path";
import { parseExactJson } from "./exact-json.ts";
import { blockGasCosts, Fields } from "./fields.ts";

export interface IntegrationProgram {
  name: string;
  file: string;
  /** the generic code blob */
  program: Uint8Array;
  /** expected gas per block start pc */
  blockGasCosts: Map<number, number>;
}

/** Parses an integration program's JSON text read from `file`. */
export function parseIntegrationProgram(text: string, file: string): IntegrationProgram {
  const f = new Fields(file);
  const o = f.obj(parseExactJson(text, file), "(top level)");
  return {
    name: o.name === undefined ? basename(file, ".json") : f.str(o.name, "name"),
    file,
    program: f.bytes(o.program, "program"),
    blockGasCosts: blockGasCosts(f, o["block-gas-costs"], "block-gas-costs"),
  };
}

/** Reads and parses an integration program file. */
export async function readIntegrationProgram(file: string): Promise<IntegrationProgram> {
  return parseIntegrationProgram(await Bun.file(file).text(), file);
}
