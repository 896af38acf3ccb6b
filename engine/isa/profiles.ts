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

/**
 * What a write to a page that is readable but not writable does.
 * - `page-fault`: GP A.7–A.8 as written: a fault at that page (gp-0.7; the w3f vectors).
 * - `panic`: the jam-gas-cost-model vectors (inst_store_u8_trap_read_only,
 *   inst_store_imm_u8_trap_read_only) expect a panic at the store, as PolkaVM does. The
 *   draft's text still says page fault; its vectors are authoritative for gp-0.8-draft,
 *   and jar (javm, the same draft's gas model) follows it.
 * Unmapped pages fault in every profile.
 */
export type ReadOnlyWrite = "page-fault" | "panic";

export const READ_ONLY_WRITE: Readonly<Record<IsaProfile, ReadOnlyWrite>> = {
  "gp-0.7": "page-fault",
  "gp-0.8-draft": "panic",
  jar: "panic",
};
