// A small ELF64 core reader for the coredump tests: our own, so the writer is checked against the format, not itself.

export interface ElfSegment {
  type: number;
  flags: number;
  offset: number;
  vaddr: bigint;
  filesz: number;
  memsz: number;
  align: number;
}

export interface ElfNote {
  name: string;
  type: number;
  desc: Buffer;
}

export interface ElfCore {
  type: number;
  machine: number;
  segments: ElfSegment[];
  notes: ElfNote[];
}

export function readElfCore(file: Buffer): ElfCore {
  if (file.subarray(0, 4).toString('latin1') !== '\x7fELF') throw new Error('not ELF');
  if (file[4] !== 2 || file[5] !== 1) throw new Error('not ELF64 little-endian');
  const phoff = Number(file.readBigUInt64LE(32));
  const shoff = Number(file.readBigUInt64LE(40));
  let phnum = file.readUInt16LE(56);
  if (phnum === 0xffff) phnum = file.readUInt32LE(shoff + 44);
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * file.readUInt16LE(54);
    segments.push({
      type: file.readUInt32LE(at),
      flags: file.readUInt32LE(at + 4),
      offset: Number(file.readBigUInt64LE(at + 8)),
      vaddr: file.readBigUInt64LE(at + 16),
      filesz: Number(file.readBigUInt64LE(at + 32)),
      memsz: Number(file.readBigUInt64LE(at + 40)),
      align: Number(file.readBigUInt64LE(at + 48)),
    });
  }
  const notes: ElfNote[] = [];
  for (const s of segments.filter((x) => x.type === 4)) {
    let at = s.offset;
    while (at < s.offset + s.filesz) {
      const namesz = file.readUInt32LE(at);
      const descsz = file.readUInt32LE(at + 4);
      const type = file.readUInt32LE(at + 8);
      const nameAt = at + 12;
      const descAt = nameAt + ((namesz + 3) & ~3);
      notes.push({
        name: file.subarray(nameAt, nameAt + namesz - 1).toString('latin1'),
        type,
        desc: file.subarray(descAt, descAt + descsz),
      });
      at = descAt + ((descsz + 3) & ~3);
    }
  }
  return { type: file.readUInt16LE(16), machine: file.readUInt16LE(18), segments, notes };
}
