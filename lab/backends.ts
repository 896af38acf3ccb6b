/** The execution backends this build has, by CLI name. */
import type { Backend } from "../engine/backend.ts";
import { interpreterBackend } from "../engine/interpreter/interpreter.ts";
import { jitBackend } from "../engine/jit/jit.ts";

export const BACKENDS: Record<string, Backend> = {
  interpreter: interpreterBackend,
  jit: jitBackend,
};

export const BACKEND_NAMES = Object.keys(BACKENDS);
