import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { decodeImage } from '../../../electron/criu';
import { buildImage, encodeEntry, header, sizePrefixed } from './build-image';

const pstree = { type: 'pstree_entry', value: { pid: 1, ppid: 0, pgid: 1, sid: 1 } };

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('corrupt images', () => {
  it('a truncated entry names the entry and the shortfall', () => {
    const whole = buildImage('PSTREE', [pstree, pstree]);
    const e = failure(() => decodeImage(whole.subarray(0, whole.length - 2)));
    expect(e.code).toBe('IMAGE_CORRUPT');
    expect(e.message).toMatch(/^entry 1: entry of \d+ bytes runs past the end of the image \(\d+ left\)$/);
    expect(e.details).toMatchObject({ entry: 1 });
  });

  it('a truncated size prefix is corrupt', () => {
    const bytes = Buffer.concat([buildImage('PSTREE', [pstree]), Buffer.from([1, 0])]);
    const e = failure(() => decodeImage(bytes));
    expect(e.code).toBe('IMAGE_CORRUPT');
    expect(e.message).toBe('entry 1: truncated size prefix (2 of 4 bytes)');
  });

  it('an oversized, negative or 0xffffffff length is corrupt, not an allocation', () => {
    for (const size of [0xffffffff, 0x80000000, 1 << 30]) {
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32LE(size);
      const e = failure(() => decodeImage(Buffer.concat([header('CORE'), prefix, Buffer.alloc(16)])));
      expect(e.code).toBe('IMAGE_CORRUPT');
      expect(e.message).toContain(`entry 0: entry of ${size} bytes runs past the end`);
    }
  });

  it('an entry larger than maxEntrySize is LIMIT_EXCEEDED', () => {
    const bytes = buildImage('PSTREE', [
      { ...pstree, value: { ...pstree.value, threads: Array.from({ length: 100 }, (_, i) => i) } },
    ]);
    const e = failure(() => decodeImage(bytes, { maxEntrySize: 64 }));
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.message).toMatch(/^entry 0: entry of \d+ bytes exceeds the limit of 64$/);
  });

  it('malformed protobuf payloads are corrupt, naming the message', () => {
    const cases: [Buffer, RegExp][] = [
      [Buffer.from([0x08]), /truncated varint/],
      [Buffer.from([0x0f]), /invalid wire type 7/],
      [Buffer.from([0x00]), /invalid field number/],
      [Buffer.from([0x2a, 0x05, 0x01]), /length 5 exceeds/],
      [Buffer.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), /longer than 10 bytes/],
      [encodeEntry('pstree_entry', { pid: 1 }).subarray(0, 2), /missing required field ppid/],
    ];
    for (const [payload, reason] of cases) {
      const e = failure(() => decodeImage(Buffer.concat([header('PSTREE'), sizePrefixed(payload)])));
      expect(e.code).toBe('IMAGE_CORRUPT');
      expect(e.message).toMatch(/^entry 0: pstree_entry: /);
      expect(e.message).toMatch(reason);
    }
  });

  it('missing required fields of nested messages are named with their path', () => {
    const core = encodeEntry('core_entry', { mtype: 1 });
    const badTc = Buffer.concat([core, Buffer.from([0x1a, 0x02, 0x08, 0x01])]); // tc { task_state: 1 }
    const e = failure(() => decodeImage(Buffer.concat([header('CORE'), sizePrefixed(badTc)])));
    expect(e.message).toMatch(/missing required field tc\.exit_code/);
  });

  it('an extra payload running past the end is corrupt', () => {
    const bytes = buildImage('PIPES_DATA', [
      { type: 'pipe_data_entry', value: { pipe_id: 1, bytes: 100 }, extra: Buffer.alloc(10) },
    ]);
    const e = failure(() => decodeImage(bytes));
    expect(e.code).toBe('IMAGE_CORRUPT');
    expect(e.message).toBe('entry 0: pipe data of 100 bytes runs past the end of the image (10 left)');
  });

  it('unknown fields are skipped, as protobuf parsers do', () => {
    const payload = Buffer.concat([
      encodeEntry('pstree_entry', { pid: 1, ppid: 0, pgid: 1, sid: 1 }),
      Buffer.from([0xf8, 0x07, 0x05, 0xfa, 0x07, 0x01, 0x00]),
    ]);
    expect(decodeImage(Buffer.concat([header('PSTREE'), sizePrefixed(payload)])).entries).toEqual([
      { pid: 1, ppid: 0, pgid: 1, sid: 1 },
    ]);
  });

  it('random bytes after any header give entries or AppError, never another error', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('CORE', 'PSTREE', 'MM', 'PAGEMAP', 'INETSK', 'GHOST_FILE', 'TCP_STREAM', 'IPCNS_MSG', 'UNIXSK'),
        fc.uint8Array({ maxLength: 200 }),
        (magic, body) => {
          try {
            const image = decodeImage(Buffer.concat([header(magic), body]), { maxEntrySize: 1 << 16 });
            expect(image.magic).toBe(magic);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
            expect(['IMAGE_CORRUPT', 'LIMIT_EXCEEDED']).toContain((error as AppError).code);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
