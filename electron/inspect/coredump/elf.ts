// The ELF64 little-endian pieces of a Linux core file (ET_CORE): the file
// header, program headers, one section header when there are more than
// 65534 segments (PN_XNUM, as the kernel does), and notes. Field layouts are
// those of <elf.h>; every value is written at its fixed offset.

export const EHDR_SIZE = 64;
export const PHDR_SIZE = 56;
export const SHDR_SIZE = 64;
export const PAGE_SIZE = 4096;

export const ET_CORE = 4;
export const EM_X86_64 = 62;
export const PT_LOAD = 1;
export const PT_NOTE = 4;
/** e_phnum's escape: the real count is in section header 0's sh_info. */
export const PN_XNUM = 0xffff;

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const NT_PRSTATUS = 1;
export const NT_FPREGSET = 2;
export const NT_PRPSINFO = 3;
export const NT_AUXV = 6;
export const NT_X86_XSTATE = 0x202;
export const NT_FILE = 0x46494c45;

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: bigint;
  vaddr: bigint;
  filesz: bigint;
  memsz: bigint;
  align: bigint;
}

/** The ELF file header of a core file with `phnum` program headers right after it. */
export function fileHeader(machine: number, phnum: number, shoff: bigint): Buffer {
  const b = Buffer.alloc(EHDR_SIZE);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = 2; // ELFCLASS64
  b[5] = 1; // ELFDATA2LSB
  b[6] = 1; // EV_CURRENT
  b[7] = 0; // ELFOSABI_NONE, as the kernel writes
  b.writeUInt16LE(ET_CORE, 16);
  b.writeUInt16LE(machine, 18);
  b.writeUInt32LE(1, 20);
  b.writeBigUInt64LE(0n, 24); // e_entry
  b.writeBigUInt64LE(BigInt(EHDR_SIZE), 32); // e_phoff
  b.writeBigUInt64LE(shoff, 40);
  b.writeUInt32LE(0, 48); // e_flags
  b.writeUInt16LE(EHDR_SIZE, 52);
  b.writeUInt16LE(PHDR_SIZE, 54);
  b.writeUInt16LE(Math.min(phnum, PN_XNUM), 56);
  b.writeUInt16LE(shoff === 0n ? 0 : SHDR_SIZE, 58);
  b.writeUInt16LE(shoff === 0n ? 0 : 1, 60);
  b.writeUInt16LE(0, 62); // e_shstrndx: SHN_UNDEF
  return b;
}

export function programHeader(h: ProgramHeader): Buffer {
  const b = Buffer.alloc(PHDR_SIZE);
  b.writeUInt32LE(h.type, 0);
  b.writeUInt32LE(h.flags, 4);
  b.writeBigUInt64LE(h.offset, 8);
  b.writeBigUInt64LE(h.vaddr, 16);
  b.writeBigUInt64LE(0n, 24); // p_paddr
  b.writeBigUInt64LE(h.filesz, 32);
  b.writeBigUInt64LE(h.memsz, 40);
  b.writeBigUInt64LE(h.align, 48);
  return b;
}

/** Section header 0 of a file with PN_XNUM segments: sh_info holds their count. */
export function extendedCountHeader(phnum: number): Buffer {
  const b = Buffer.alloc(SHDR_SIZE);
  b.writeUInt32LE(phnum, 44);
  return b;
}

const align4 = (n: number) => (n + 3) & ~3;

/** One note: namesz, descsz, type, the name with its NUL and the description, each padded to 4 bytes. */
export function note(name: 'CORE' | 'LINUX', type: number, desc: Buffer): Buffer {
  const nameSize = name.length + 1;
  const b = Buffer.alloc(12 + align4(nameSize) + align4(desc.length));
  b.writeUInt32LE(nameSize, 0);
  b.writeUInt32LE(desc.length, 4);
  b.writeUInt32LE(type, 8);
  b.write(name, 12, 'latin1');
  desc.copy(b, 12 + align4(nameSize));
  return b;
}

export function alignUp(n: bigint, to: bigint): bigint {
  return ((n + to - 1n) / to) * to;
}
