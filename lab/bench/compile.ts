/**
 * The compile benchmark (`bun lab bench --suite compile`): JIT compile time of the
 * jam-gas-cost-model integration programs (doom: 630 KB blob), from decoded code blob to
 * installed native code, including pre-decoding and block pricing (pipeline gas, jar).
 * Target (issue "x86-64 JIT"): doom under 100 ms.
 */
import { measure } from "mitata";
import { jitBackend } from "../../engine/jit/jit.ts";
import { decodeCodeBlob } from "../../engine/program/code-blob.ts";
import { readIntegrationProgram } from "../../engine/vectors/integration.ts";
import { vectorsDir } from "../../engine/vectors/location.ts";
import { join } from "node:path";

export interface CompileBench {
  program: string;
  codeBytes: number;
  nativeBytes: number;
  medianNs: number;
}

/** Median compile time of each integration program on the JIT. */
export async function benchCompile(names = ["pinky", "prime-sieve", "doom"]): Promise<CompileBench[]> {
  const out: CompileBench[] = [];
  for (const name of names) {
    const prog = await readIntegrationProgram(join(vectorsDir(), "jam-gas-cost-model", "integration", `${name}.json`));
    const code = decodeCodeBlob(prog.program);
    let nativeBytes = 0;
    const st = await measure(
      () => {
        const m = jitBackend.compile(code, { profile: "gp-0.8-draft" });
        nativeBytes = (m as unknown as { codeSize: number }).codeSize;
        m.dispose?.();
      },
      { min_samples: 10, max_samples: 30, min_cpu_time: 0 } as Parameters<typeof measure>[1],
    );
    out.push({ program: name, codeBytes: code.code.length, nativeBytes, medianNs: st.p50 });
  }
  return out;
}
