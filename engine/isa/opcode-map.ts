/**
 * Per-profile byte maps derived from OPCODES, with the load-time self-check that no byte
 * is used twice within a profile (STYLE.md, "ISA profiles are data").
 */
import { OPCODES, type OpcodeId, type OpcodeName, OPCODE_ID } from "./opcodes.ts";
import { ISA_PROFILES, type IsaProfile } from "./profiles.ts";

/** byte -> opcode id, or -1 where the byte is not a valid opcode (GP set U). */
export type ByteMap = Int16Array;

function buildByteMap(profile: IsaProfile): ByteMap {
  const map = new Int16Array(256).fill(-1);
  OPCODES.forEach((op, id) => {
    const b = op.bytes[profile];
    if (b === undefined) return;
    if (map[b] !== -1) {
      throw new Error(`opcode table: byte ${b} used twice in ${profile} (${OPCODES[map[b]!]!.name}, ${op.name})`);
    }
    map[b] = id;
  });
  return map;
}

const BYTE_MAPS: Record<IsaProfile, ByteMap> = Object.fromEntries(
  ISA_PROFILES.map((p) => [p, buildByteMap(p)]),
) as Record<IsaProfile, ByteMap>;

/** The byte -> opcode id table of a profile (Int16Array(256); -1 = not in U). */
export function byteMap(profile: IsaProfile): ByteMap {
  return BYTE_MAPS[profile];
}

/** Byte of `name` in `profile`, or undefined when the profile lacks the instruction. */
export function opcodeByte(profile: IsaProfile, name: OpcodeName): number | undefined {
  return OPCODES[OPCODE_ID[name]]!.bytes[profile];
}

/** Whether opcode id `id` exists in `profile`. */
export function inProfile(profile: IsaProfile, id: OpcodeId): boolean {
  return OPCODES[id]!.bytes[profile] !== undefined;
}

/** Looks an opcode up by its GP name; undefined if there is none. */
export function opcodeIdByName(name: string): OpcodeId | undefined {
  return (OPCODE_ID as Record<string, OpcodeId>)[name];
}
