/**
 * Ctrl-C (SIGINT) and SIGTERM during a long measurement. The first signal asks the work
 * to stop at the next checkpoint (between timing rounds): the trial in flight is
 * abandoned — nothing of it was written, a trial is one transaction — and the caller
 * marks its run interrupted. A second signal runs `onForce` (which must be synchronous)
 * and exits at once with status 130.
 */

/** Thrown by a checkpoint after an interrupt was requested. */
export class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

export interface InterruptWatch {
  /** yields to the event loop (where signals are delivered); throws Interrupted when asked to stop */
  checkpoint(): Promise<void>;
  requested(): boolean;
  /** removes the signal handlers */
  dispose(): void;
}

/** Installs the handlers; `log` tells the user what happens. */
export function watchInterrupts(onForce: () => void, log: (s: string) => void): InterruptWatch {
  let asked = false;
  const handler = (signal: NodeJS.Signals) => {
    if (asked) {
      onForce();
      process.exit(130);
    }
    asked = true;
    log(`\n${signal}: stopping at the next checkpoint; the trial in flight is dropped (${signal === "SIGINT" ? "Ctrl-C" : signal} again to stop now)`);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    async checkpoint() {
      // A resolved promise only yields to microtasks; signal events need a macrotask turn.
      await new Promise((r) => setImmediate(r));
      if (asked) throw new Interrupted();
    },
    requested: () => asked,
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
