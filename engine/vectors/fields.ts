/**
 * Typed field access for the vector JSON files: every read names the file and the key
 * path, and a missing or mistyped value is a FormatError (kind "invalid", offset -1),
 * never a silent default.
 */
import { FormatError } from "../errors.ts";
import type { Json } from "./exact-json.ts";

export type VectorStatus = "halt" | "panic" | "page-fault" | "out-of-gas" | "host";
const STATUSES: readonly string[] = ["halt", "panic", "page-fault", "out-of-gas", "host"];

export interface MemoryChunk {
  address: number;
  contents: Uint8Array;
}

export class Fields {
  constructor(readonly file: string) {}
  fail(path: string, problem: string): never {
    throw new FormatError("invalid", `${this.file}: key "${path}"`, -1, problem);
  }
  obj(v: Json | undefined, path: string): { [k: string]: Json } {
    if (v === null || typeof v !== "object" || Array.isArray(v)) this.fail(path, v === undefined ? "missing" : "expected an object");
    return v as { [k: string]: Json };
  }
  arr(v: Json | undefined, path: string): Json[] {
    if (!Array.isArray(v)) this.fail(path, v === undefined ? "missing" : "expected an array");
    return v as Json[];
  }
  str(v: Json | undefined, path: string): string {
    if (typeof v !== "string") this.fail(path, v === undefined ? "missing" : "expected a string");
    return v as string;
  }
  bool(v: Json | undefined, path: string): boolean {
    if (typeof v !== "boolean") this.fail(path, v === undefined ? "missing" : "expected true or false");
    return v as boolean;
  }
  /** integer in [min, max] as bigint */
  big(v: Json | undefined, path: string, min: bigint, max: bigint): bigint {
    if (typeof v !== "number" && typeof v !== "bigint") this.fail(path, v === undefined ? "missing" : "expected an integer");
    if (typeof v === "number" && !Number.isInteger(v)) this.fail(path, `expected an integer, found ${v}`);
    const b = BigInt(v as number | bigint);
    if (b < min || b > max) this.fail(path, `${b} is outside ${min}..${max}`);
    return b;
  }
  u32(v: Json | undefined, path: string): number {
    return Number(this.big(v, path, 0n, 0xffffffffn));
  }
  u64(v: Json | undefined, path: string): bigint {
    return this.big(v, path, 0n, (1n << 64n) - 1n);
  }
  bytes(v: Json | undefined, path: string): Uint8Array {
    const a = this.arr(v, path);
    // The key path is built only for a bad byte: doom's program has 630,000 of them.
    return Uint8Array.from(a, (b, i) =>
      typeof b === "number" && Number.isInteger(b) && b >= 0 && b <= 255 ? b : Number(this.big(b, `${path}[${i}]`, 0n, 255n)),
    );
  }
  regs(v: Json | undefined, path: string): bigint[] {
    const a = this.arr(v, path);
    if (a.length !== 13) this.fail(path, `expected 13 registers, found ${a.length}`);
    return a.map((r, i) => this.u64(r, `${path}[${i}]`));
  }
  status(v: Json | undefined, path: string): VectorStatus {
    const s = this.str(v, path);
    if (!STATUSES.includes(s)) this.fail(path, `"${s}" is not one of ${STATUSES.join(", ")}`);
    return s as VectorStatus;
  }
  memory(v: Json | undefined, path: string): MemoryChunk[] {
    return this.arr(v, path).map((c, i) => {
      const o = this.obj(c, `${path}[${i}]`);
      return { address: this.u32(o.address, `${path}[${i}].address`), contents: this.bytes(o.contents, `${path}[${i}].contents`) };
    });
  }
}

/**
 * A `block-gas-costs` object (gas-cost-model vectors and integration programs): decimal
 * pc keys, gas values in 0..2^32-1. Returns pc -> gas.
 */
export function blockGasCosts(f: Fields, v: Json | undefined, path: string): Map<number, number> {
  const bg = f.obj(v, path);
  const out = new Map<number, number>();
  for (const [k, g] of Object.entries(bg)) {
    if (!/^\d+$/.test(k)) f.fail(`${path}.${k}`, "key must be a decimal pc");
    out.set(Number(k), f.u32(g, `${path}.${k}`));
  }
  return out;
}
