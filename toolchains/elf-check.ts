/**
 * The promise every guest build keeps to the transpiler (engine/transpiler/README.md):
 * a RISC-V RV64E PIE (ET_DYN) with a `.rela.text` section (linked with --emit-relocs),
 * whose entry point is the workload's entry symbol, and compressed instructions only
 * when the C extension was asked for.
 */
import { EF_RISCV_RVC, EF_RISCV_RVE, EM_RISCV, ET_DYN, SHT_RELA, readElfInfo } from "./elf-info.ts";

/** The first broken promise as a one-line reason, or undefined when the ELF is fine. */
export function guestElfProblem(bytes: Uint8Array, entry: string, compressedAllowed: boolean): string | undefined {
  let info;
  try {
    info = readElfInfo(bytes);
  } catch (e) {
    return (e as Error).message;
  }
  if (info.machine !== EM_RISCV) return `output is not a RISC-V ELF (e_machine ${info.machine})`;
  if (info.type !== ET_DYN) return `output is not a PIE (e_type ${info.type})`;
  if (info.flags & EF_RISCV_RVC && !compressedAllowed) {
    return "output uses compressed instructions (EF_RISCV_RVC set) but the C extension was not enabled";
  }
  if (!(info.flags & EF_RISCV_RVE)) return "output is not RV64E (EF_RISCV_RVE clear)";
  const sym = info.symbols.find((s) => s.name === entry && s.shndx !== 0);
  if (!sym) return `entry symbol "${entry}" is not defined in the ELF`;
  if (info.entry !== sym.value) return `ELF entry point is not "${entry}"`;
  if (!info.sections.some((s) => s.type === SHT_RELA && s.name.startsWith(".rela.text"))) {
    return "no .rela.text section (linked without --emit-relocs?)";
  }
  return undefined;
}
