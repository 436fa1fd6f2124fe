// The members of a tar (the archive, or a rootfs-diff.tar once gunzipped), headers and bodies.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

export interface Member {
  header: tar.Header;
  body: Buffer;
}

export async function tarMembers(source: Buffer | NodeJS.ReadableStream): Promise<Member[]> {
  const members: Member[] = [];
  const extract = tar.extract();
  const done = pipeline(Buffer.isBuffer(source) ? Readable.from([source]) : source, extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    members.push({ header: entry.header, body: Buffer.concat(chunks) });
  }
  await done;
  return members;
}
