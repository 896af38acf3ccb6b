/**
 * ISA profiles: byte maps over one instruction set (see ARCHITECTURE.md, "ISA profiles").
 *
 * - `gp-0.7`        Gray Paper 0.7.x numbering, per-instruction gas.
 * - `gp-0.8-draft`  gp-0.7 plus `unlikely` = 3 (jam-gas-cost-model vectors), pipeline gas.
 * - `jar`           gp-0.7 plus `unlikely` = 2 and `ecall` = 3 (javm numbering), pipeline gas.
 */
export const ISA_PROFILES = ["gp-0.7", "gp-0.8-draft", "jar"] as const;
export type IsaProfile = (typeof ISA_PROFILES)[number];

/** Narrows a user string to a profile; returns undefined when it names none. */
export function parseIsaProfile(s: string): IsaProfile | undefined {
  return (ISA_PROFILES as readonly string[]).includes(s) ? (s as IsaProfile) : undefined;
}
