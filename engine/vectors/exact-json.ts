/**
 * JSON with exact integers: integer literals outside ±2^53 come back as bigint, all
 * others as number (ARCHITECTURE.md: "no JSON number above 2^53 may pass through a
 * plain JSON.parse"). Errors are FormatErrors naming the byte offset.
 */
import { FormatError } from "../errors.ts";

export type Json = null | boolean | number | bigint | string | Json[] | { [k: string]: Json };

/** Parses `text`; `context` names the source (a file path) in errors. */
export function parseExactJson(text: string, context = "JSON"): Json {
  let i = 0;
  const fail = (problem: string): never => {
    throw new FormatError("invalid", context, i, problem);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const obj: { [k: string]: Json } = {};
      ws();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a string key");
        const k = str();
        ws();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        obj[k] = value();
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return obj;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const arr: Json[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return arr;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (text.startsWith("true", i)) {
      i += 4;
      return true;
    }
    if (text.startsWith("false", i)) {
      i += 5;
      return false;
    }
    if (text.startsWith("null", i)) {
      i += 4;
      return null;
    }
    return num();
  };
  const str = (): string => {
    const start = i;
    i++;
    let out = "";
    for (;;) {
      if (i >= text.length) fail("unterminated string");
      const c = text[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === "\\") {
        const e = text[i + 1];
        const map: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (e === "u") {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("bad \\u escape");
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && map[e] !== undefined) {
          out += map[e];
          i += 2;
        } else fail("bad escape");
      } else {
        out += c;
        i++;
      }
    }
    void start;
  };
  const num = (): number | bigint => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail(`unexpected ${i < text.length ? `'${text[i]}'` : "end of input"}`);
    const lit = m![0];
    i += lit.length;
    if (m![2] || m![3]) return Number(lit);
    const n = Number(lit);
    return Number.isSafeInteger(n) ? n : BigInt(lit);
  };
  const v = value();
  ws();
  if (i < text.length) fail("unexpected text after the JSON value");
  return v;
}

/** JSON text for values that may hold bigints (written as plain decimal integers). */
export function stringifyExact(v: unknown, indent = 0): string {
  const pad = (d: number) => (indent ? "\n" + " ".repeat(indent * d) : "");
  const go = (x: unknown, d: number): string => {
    if (typeof x === "bigint") return x.toString();
    if (x === null || typeof x !== "object") return JSON.stringify(x) ?? "null";
    if (x instanceof Uint8Array) return `[${Array.from(x).join(",")}]`;
    if (Array.isArray(x)) {
      if (x.every((e) => typeof e !== "object" || e === null)) return `[${x.map((e) => go(e, d + 1)).join(",")}]`;
      return `[${x.map((e) => pad(d + 1) + go(e, d + 1)).join(",")}${pad(d)}]`;
    }
    const entries = Object.entries(x as object).filter(([, e]) => e !== undefined);
    return `{${entries.map(([k, e]) => `${pad(d + 1)}${JSON.stringify(k)}:${indent ? " " : ""}${go(e, d + 1)}`).join(",")}${pad(d)}}`;
  };
  return go(v, 0);
}
