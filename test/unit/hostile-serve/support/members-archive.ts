// An archive whose member list alone is a big reply: many empty members with
// long names, so one `archive.members` answer is a few MiB of JSON.
import { writeFile } from 'node:fs/promises';
import { entry, tar } from '../../../hostile/tar-writer';

export async function writeMembersArchive(file: string, members: number): Promise<void> {
  const parts: Buffer[] = [entry({ name: 'checkpoint/', type: '5', mode: 0o755 })];
  for (let i = 0; i < members; i++) {
    parts.push(entry({ name: `checkpoint/${String(i).padStart(8, '0')}-${'m'.repeat(80)}`, size: 0 }));
  }
  await writeFile(file, tar(...parts));
}
