// Plain Node, no app code: used by unit tests and by the Playwright specs.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const BLOCK = 512;

export const CRI_FIXTURE = path.join(__dirname, '..', 'fixtures', 'containerd-cri-web.tar');

/**
 * A copy of a ustar archive with the payload of one member overwritten in
 * place (same size, so every header and offset stays valid): the archive
 * still opens, and only that member fails to decode.
 */
export function withMemberRewritten(tarBytes: Buffer, member: string, rewrite: (data: Buffer) => Buffer): Buffer {
  const out = Buffer.from(tarBytes);
  for (let at = 0; at + BLOCK <= out.length;) {
    const head = out.subarray(at, at + BLOCK);
    if (head.every((b) => b === 0)) break;
    const name = head.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(head.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    if (name === member) {
      const data = rewrite(Buffer.from(out.subarray(at + BLOCK, at + BLOCK + size)));
      if (data.length !== size) throw new Error(`${member}: the rewrite must keep its ${size} bytes`);
      data.copy(out, at + BLOCK);
      return out;
    }
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new Error(`${member} is not in the archive`);
}

/** CRIU's two magics kept, every byte after them 0xff: the first entry claims 4 GiB and the image fails to decode. */
export function garbageAfterMagic(data: Buffer): Buffer {
  const out = Buffer.alloc(data.length, 0xff);
  data.copy(out, 0, 0, Math.min(8, data.length));
  return out;
}

/** The CRI fixture with one image made undecodable, written to `target`. */
export function writeCorruptFixture(target: string, member = 'checkpoint/fdinfo-3.img'): string {
  writeFileSync(target, withMemberRewritten(readFileSync(CRI_FIXTURE), member, garbageAfterMagic));
  return target;
}
