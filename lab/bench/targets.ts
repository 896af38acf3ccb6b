/**
 * Every bench target in display order: the anchors first (native, the physical limit;
 * wasm32, what a TypeScript user would pick; anan-as, the PVM interpreter typeberry
 * uses), then ours (each backend of lab/backends.ts on the JAR v2 blob and the GP blob).
 */
import type { BuildConfig } from "../sweep/config.ts";
import { ananAsTarget } from "./anchors/anan-as.ts";
import { nativeTarget } from "./anchors/native.ts";
import { wasm32Target } from "./anchors/wasm32.ts";
import { ourTargets } from "./ours.ts";
import type { BenchTarget } from "./target.ts";

export function benchTargets(config: BuildConfig): BenchTarget[] {
  return [nativeTarget(config), wasm32Target(config), ananAsTarget(config), ...ourTargets(config)];
}
