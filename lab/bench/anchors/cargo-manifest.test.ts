import { describe, expect, test } from "bun:test";
import { anchorManifest, tomlValue } from "./cargo-manifest.ts";

const WORKLOAD_TOML = `
[package]
name = "keccak-workload"
version = "0.1.0"
edition = "2021"

[workspace]

[[bin]]
name = "keccak"
path = "src/main.rs"
test = false

[dependencies]
sha3 = { path = "/usr/share/cargo/registry/sha3-0.10.2", default-features = false }
local = { path = "../shared" }
plain = "1.0"

[patch.crates-io]
digest = { path = "/usr/share/cargo/registry/digest-0.10.5" }

[profile.release]
opt-level = 3
panic = "abort"
lto = "fat"
codegen-units = 1
`;

describe("anchorManifest", () => {
  const m = anchorManifest("keccak", "/w/keccak", WORKLOAD_TOML);
  const doc = Bun.TOML.parse(m.text) as Record<string, any>;

  test("the library is the workload's bin source, as a cdylib named after the workload", () => {
    expect(m.libName).toBe("keccak_anchor");
    expect(doc.lib).toMatchObject({ name: "keccak_anchor", path: "/w/keccak/src/main.rs", "crate-type": ["cdylib"] });
    expect(doc.bin).toBeUndefined();
    expect(doc.package.name).toBe("keccak-anchor");
    expect(doc.package.edition).toBe("2021");
    expect(doc.workspace).toEqual({});
  });

  test("dependencies and patches are copied, relative paths made absolute", () => {
    expect(doc.dependencies.sha3).toEqual({ path: "/usr/share/cargo/registry/sha3-0.10.2", "default-features": false });
    expect(doc.dependencies.local).toEqual({ path: "/w/shared" });
    expect(doc.dependencies.plain).toBe("1.0");
    expect(doc.patch["crates-io"].digest).toEqual({ path: "/usr/share/cargo/registry/digest-0.10.5" });
  });

  test("the release profile is kept, with panic = abort", () => {
    expect(doc.profile.release).toEqual({ "opt-level": 3, panic: "abort", lto: "fat", "codegen-units": 1 });
  });

  test("a crate without [[bin]] uses src/main.rs", () => {
    const d = Bun.TOML.parse(anchorManifest("fib", "/w/fib", `[package]\nname = "fib"\n`).text) as Record<string, any>;
    expect(d.lib.path).toBe("/w/fib/src/main.rs");
    expect(d.profile.release).toEqual({ panic: "abort" });
  });

  test("bad TOML names the file", () => {
    expect(() => anchorManifest("x", "/w/x", "[package\n")).toThrow("/w/x/Cargo.toml");
  });
});

test("tomlValue writes inline values that parse back", () => {
  const v = { a: "q\"uote", b: [1, true, "x"], "c.d": { e: false } };
  expect(Bun.TOML.parse(`k = ${tomlValue(v)}`)).toEqual({ k: v });
});
