/**
 * The default host environment of `bun lab run <blob>` and `bun lab bench`
 * (ARCHITECTURE.md, "Host environment"). Host-call indices (the ecalli immediate):
 *
 *   0    no-op: returns at once, registers unchanged (the `hostcall` workload's target)
 *   1    log: writes φ8 bytes from guest address φ7 to the host's log (stdout in `run`)
 *   255  REPLY: ends the run with status halt; the result is φ7 (seed 000: guests
 *        terminate via ecalli(0xFF) when no kernel is present)
 *   any other index ends the run with status "host" and that index.
 *
 * Host calls cost no gas beyond the ecalli instruction itself.
 */
import type { ExitReason, Instance } from "../engine/backend.ts";

export const HOST_NOOP = 0n;
export const HOST_LOG = 1n;
export const HOST_REPLY = 255n;

export interface HostRun {
  exit: ExitReason;
  /** number of host calls served */
  hostCalls: number;
}

/**
 * Runs `inst` to completion under the default host. `log` receives the bytes of
 * host call 1 (default: discarded); `execute` replaces `inst.run()` (tracing).
 */
export function runWithDefaultHost(inst: Instance, log?: (bytes: Uint8Array) => void, execute: (inst: Instance) => ExitReason = (i) => i.run()): HostRun {
  let hostCalls = 0;
  for (;;) {
    const exit = execute(inst);
    if (exit.status !== "host") return { exit, hostCalls };
    const index = exit.hostCall!;
    if (index === HOST_REPLY) return { exit: { status: "halt", pc: exit.pc }, hostCalls: hostCalls + 1 };
    if (index === HOST_NOOP) {
      // nothing to do
    } else if (index === HOST_LOG) {
      const len = Number(inst.getReg(8) & 0xffffn);
      try {
        log?.(inst.readMemory(Number(inst.getReg(7) & 0xffffffffn), len));
      } catch {
        return { exit: { status: "panic", pc: exit.pc }, hostCalls };
      }
    } else {
      return { exit, hostCalls };
    }
    hostCalls++;
    inst.resumeAfterHostCall();
  }
}
