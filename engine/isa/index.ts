/** engine/isa: the one opcode table and everything derived from it. */
export * from "./profiles.ts";
export * from "./formats.ts";
export * from "./opcodes.ts";
export * from "./opcode-map.ts";
export * from "./skip.ts";
export * from "./immediates.ts";
export * from "./decode.ts";
export * from "./encode.ts";
export * from "./disasm.ts";
export * from "./gas-class.ts";
export * from "./dataflow.ts";
export * from "./memory-access.ts";
