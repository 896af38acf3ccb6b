/**
 * The C extension: every RV64C encoding valid for RV64E expanded to the 32-bit
 * instruction it stands for (RISC-V Unprivileged ISA, chapter "C" Extension for
 * Compressed Instructions, tables "RVC opcode map" and "RVC instruction listings").
 * The result carries `size: 2` and the expansion's mnemonic and fields, so everything
 * after decoding sees ordinary RV64 instructions; only addresses (nextAddr) differ.
 *
 *   quadrant 0 (op 00)   000 c.addi4spn  010 c.lw  011 c.ld  110 c.sw  111 c.sd
 *   quadrant 1 (op 01)   000 c.addi/c.nop  001 c.addiw  010 c.li  011 c.addi16sp/c.lui
 *                        100 c.srli c.srai c.andi c.sub c.xor c.or c.and c.subw c.addw
 *                        101 c.j  110 c.beqz  111 c.bnez
 *   quadrant 2 (op 10)   000 c.slli  010 c.lwsp  011 c.ldsp
 *                        100 c.jr c.mv c.ebreak c.jalr c.add  110 c.swsp  111 c.sdsp
 *
 * Register fields: rd'/rs1'/rs2' (3 bits) name x8..x15; full 5-bit fields are checked
 * for RVE later (the lowering's register map), like the 32-bit forms. Floating-point
 * loads and stores (c.fld, c.fsd, c.fldsp, c.fsdsp), reserved encodings and Zcb (the
 * encodings in quadrant 0 funct3 100 and quadrant 1's reserved ALU slots) are errors.
 * The all-zero halfword is the defined illegal instruction and decodes as `unimp`.
 */
import { type RvInstruction, RvDecodeError, type RvMnemonic, decodeRv } from "./decode.ts";

/** bits hi..lo of h, shifted down */
const bits = (h: number, hi: number, lo: number) => (h >>> lo) & ((1 << (hi - lo + 1)) - 1);
/** bit i of h, placed at position `to` */
const bit = (h: number, i: number, to: number) => ((h >>> i) & 1) << to;
/** v sign-extended from `width` bits */
const sext = (v: number, width: number) => (v << (32 - width)) >> (32 - width);
/** a 3-bit compressed register field: x8..x15 */
const creg = (v: number) => 8 + v;

/**
 * Expands the 16-bit instruction `half` found at `addr`. Throws RvDecodeError for an
 * encoding that is reserved, floating point, or outside RV64C.
 */
export function decodeCompressed(half: number, addr: number): RvInstruction {
  const h = half & 0xffff;
  const bad = (reason: string): never => {
    throw new RvDecodeError(addr, h, `compressed instruction: ${reason}`);
  };
  const make = (op: RvMnemonic, f: Partial<RvInstruction>): RvInstruction => ({ addr, word: h, size: 2, op, rd: 0, rs1: 0, rs2: 0, imm: 0, ...f });
  if (h === 0) return make("unimp", {});
  const quadrant = h & 3;
  const f3 = h >>> 13;
  const rdFull = bits(h, 11, 7);
  const rs2Full = bits(h, 6, 2);
  const rdP = creg(bits(h, 4, 2));
  const rs1P = creg(bits(h, 9, 7));
  /** imm[5] at bit 12, imm[4:0] at bits 6:2 */
  const imm6 = sext(bit(h, 12, 5) | bits(h, 6, 2), 6);
  const shamt = bit(h, 12, 5) | bits(h, 6, 2);
  switch (quadrant) {
    case 0: {
      switch (f3) {
        case 0: {
          // nzuimm[5:4|9:6|2|3] at bits 12:5
          const imm = (bits(h, 12, 11) << 4) | (bits(h, 10, 7) << 6) | bit(h, 6, 2) | bit(h, 5, 3);
          if (imm === 0) bad("c.addi4spn with a zero immediate is reserved");
          return make("addi", { rd: rdP, rs1: 2, imm });
        }
        case 2: // c.lw: uimm[5:3] at 12:10, uimm[2|6] at 6:5
          return make("lw", { rd: rdP, rs1: rs1P, imm: (bits(h, 12, 10) << 3) | bit(h, 6, 2) | bit(h, 5, 6) });
        case 3: // c.ld: uimm[5:3] at 12:10, uimm[7:6] at 6:5
          return make("ld", { rd: rdP, rs1: rs1P, imm: (bits(h, 12, 10) << 3) | (bits(h, 6, 5) << 6) });
        case 6:
          return make("sw", { rs1: rs1P, rs2: rdP, imm: (bits(h, 12, 10) << 3) | bit(h, 6, 2) | bit(h, 5, 6) });
        case 7:
          return make("sd", { rs1: rs1P, rs2: rdP, imm: (bits(h, 12, 10) << 3) | (bits(h, 6, 5) << 6) });
        case 1:
        case 5:
          return bad("c.fld/c.fsd (floating point) is not supported");
        default:
          return bad(`reserved or Zcb encoding in quadrant 0 (funct3 ${f3})`);
      }
    }
    case 1: {
      switch (f3) {
        case 0: // c.addi (rd = 0: c.nop)
          return make("addi", { rd: rdFull, rs1: rdFull, imm: imm6 });
        case 1:
          if (rdFull === 0) bad("c.addiw with rd = x0 is reserved");
          return make("addiw", { rd: rdFull, rs1: rdFull, imm: imm6 });
        case 2: // c.li
          return make("addi", { rd: rdFull, rs1: 0, imm: imm6 });
        case 3: {
          if (rdFull === 2) {
            // c.addi16sp: nzimm[9] at 12, nzimm[4|6|8:7|5] at 6:2
            const imm = sext(bit(h, 12, 9) | bit(h, 6, 4) | bit(h, 5, 6) | (bits(h, 4, 3) << 7) | bit(h, 2, 5), 10);
            if (imm === 0) bad("c.addi16sp with a zero immediate is reserved");
            return make("addi", { rd: 2, rs1: 2, imm });
          }
          // c.lui: nzimm[17] at 12, nzimm[16:12] at 6:2
          if (imm6 === 0) bad("c.lui with a zero immediate is reserved");
          return make("lui", { rd: rdFull, imm: imm6 << 12 });
        }
        case 4: {
          const rd = rs1P;
          switch (bits(h, 11, 10)) {
            case 0:
              return make("srli", { rd, rs1: rd, imm: shamt });
            case 1:
              return make("srai", { rd, rs1: rd, imm: shamt });
            case 2:
              return make("andi", { rd, rs1: rd, imm: imm6 });
            default: {
              const rs2 = rdP;
              const ops: readonly (RvMnemonic | undefined)[] = bit(h, 12, 0)
                ? ["subw", "addw", undefined, undefined]
                : ["sub", "xor", "or", "and"];
              const op = ops[bits(h, 6, 5)];
              if (!op) return bad("reserved or Zcb ALU encoding in quadrant 1");
              return make(op, { rd, rs1: rd, rs2 });
            }
          }
        }
        case 5: {
          // c.j: offset[11|4|9:8|10|6|7|3:1|5] at 12:2
          const imm = sext(
            bit(h, 12, 11) | bit(h, 11, 4) | (bits(h, 10, 9) << 8) | bit(h, 8, 10) | bit(h, 7, 6) | bit(h, 6, 7) | (bits(h, 5, 3) << 1) | bit(h, 2, 5),
            12,
          );
          return make("jal", { rd: 0, imm });
        }
        default: {
          // c.beqz / c.bnez: offset[8|4:3] at 12:10, offset[7:6|2:1|5] at 6:2
          const imm = sext(bit(h, 12, 8) | (bits(h, 11, 10) << 3) | (bits(h, 6, 5) << 6) | (bits(h, 4, 3) << 1) | bit(h, 2, 5), 9);
          return make(f3 === 6 ? "beq" : "bne", { rs1: rs1P, rs2: 0, imm });
        }
      }
    }
    case 2: {
      switch (f3) {
        case 0:
          return make("slli", { rd: rdFull, rs1: rdFull, imm: shamt });
        case 2: // c.lwsp: uimm[5] at 12, uimm[4:2|7:6] at 6:2
          if (rdFull === 0) bad("c.lwsp with rd = x0 is reserved");
          return make("lw", { rd: rdFull, rs1: 2, imm: bit(h, 12, 5) | (bits(h, 6, 4) << 2) | (bits(h, 3, 2) << 6) });
        case 3: // c.ldsp: uimm[5] at 12, uimm[4:3|8:6] at 6:2
          if (rdFull === 0) bad("c.ldsp with rd = x0 is reserved");
          return make("ld", { rd: rdFull, rs1: 2, imm: bit(h, 12, 5) | (bits(h, 6, 5) << 3) | (bits(h, 4, 2) << 6) });
        case 4: {
          if (!bit(h, 12, 0)) {
            if (rs2Full === 0) {
              if (rdFull === 0) bad("c.jr with rs1 = x0 is reserved");
              return make("jalr", { rd: 0, rs1: rdFull, imm: 0 });
            }
            return make("add", { rd: rdFull, rs1: 0, rs2: rs2Full }); // c.mv
          }
          if (rs2Full === 0) {
            if (rdFull === 0) return make("ebreak", {});
            return make("jalr", { rd: 1, rs1: rdFull, imm: 0 }); // c.jalr
          }
          return make("add", { rd: rdFull, rs1: rdFull, rs2: rs2Full });
        }
        case 6: // c.swsp: uimm[5:2|7:6] at 12:7
          return make("sw", { rs1: 2, rs2: rs2Full, imm: (bits(h, 12, 9) << 2) | (bits(h, 8, 7) << 6) });
        case 7: // c.sdsp: uimm[5:3|8:6] at 12:7
          return make("sd", { rs1: 2, rs2: rs2Full, imm: (bits(h, 12, 10) << 3) | (bits(h, 9, 7) << 6) });
        default:
          return bad("c.fldsp/c.fsdsp (floating point) is not supported");
      }
    }
    default:
      return bad("not a compressed encoding (low bits 11)");
  }
}

/**
 * Decodes the instruction at byte `off` of `bytes` (little-endian), found at `addr`:
 * compressed when the low two bits are not 11, else 32-bit. Throws RvDecodeError,
 * also for a 32-bit instruction cut off by the end of `bytes`.
 */
export function decodeRvAt(bytes: Uint8Array, off: number, addr: number): RvInstruction {
  if (off + 2 > bytes.length) throw new RvDecodeError(addr, bytes[off] ?? 0, "a lone byte at the end of a code section");
  const lo = bytes[off]! | (bytes[off + 1]! << 8);
  if ((lo & 3) !== 3) return decodeCompressed(lo, addr);
  if (off + 4 > bytes.length) throw new RvDecodeError(addr, lo, "a 32-bit instruction cut off by the end of its code section");
  return decodeRv((lo | (bytes[off + 2]! << 16) | (bytes[off + 3]! << 24)) >>> 0, addr);
}
