/** The execution backends this build has, by CLI name. */
import type { Backend } from "../engine/backend.ts";
import { interpreterBackend } from "../engine/interpreter/interpreter.ts";

export const BACKENDS: Record<string, Backend> = {
  interpreter: interpreterBackend,
};

export const BACKEND_NAMES = Object.keys(BACKENDS);
