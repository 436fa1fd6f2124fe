// The windowed Content.Read against an in-process gRPC server playing
// containerd's content service: every byte once and in order, windows of the
// asked size with offsets numbered from the window's start (as containerd
// does), at most two windows in flight, and a short blob reported.
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBlob, readBlobToBuffer } from '../../../electron/checkpoint/content-blob';
import { Rpc } from '../../../electron/containerd/rpc';
import { serviceConstructor } from '../../../electron/containerd/proto-root';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ctrd-content-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ReadReq {
  digest: string;
  offset: number;
  size: number;
}

async function contentServer(blob: Buffer, opts: { truncate?: number } = {}) {
  const socket = path.join(dir, `c${Math.random().toString(16).slice(2)}.sock`);
  const calls: ReadReq[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = new grpc.Server();
  server.addService(serviceConstructor('content').service, {
    Read: (call: grpc.ServerWritableStream<ReadReq, unknown>) => {
      const req = { digest: call.request.digest, offset: Number(call.request.offset), size: Number(call.request.size) };
      calls.push(req);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const end = Math.min(opts.truncate ?? blob.length, req.size === 0 ? blob.length : req.offset + req.size);
      let rel = 0;
      const step = () => {
        if (req.offset + rel >= end) {
          inFlight -= 1;
          call.end();
          return;
        }
        const piece = blob.subarray(req.offset + rel, Math.min(end, req.offset + rel + 1000));
        call.write({ offset: rel, data: piece });
        rel += piece.length;
        setImmediate(step);
      };
      setTimeout(step, 5);
    },
  });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix://${socket}`, grpc.ServerCredentials.createInsecure(), (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  const rpc = new Rpc(socket, 5000);
  return {
    rpc,
    calls,
    maxInFlight: () => maxInFlight,
    close: () => {
      rpc.close();
      server.forceShutdown();
    },
  };
}

describe('readBlob (Content.Read in windows)', () => {
  it('reads every byte in order through ranged windows, two at most in flight', async () => {
    const blob = Buffer.from(Array.from({ length: 25_000 }, (_, i) => (i * 7) % 251));
    const s = await contentServer(blob);
    try {
      const got = await readBlobToBuffer(s.rpc, 'ns', 'sha256:x', blob.length, {
        timeoutMs: 5000,
        window: 4096,
        maxBytes: 1 << 20,
      });
      expect(got.equals(blob)).toBe(true);
      expect(s.calls.map((c) => [c.offset, c.size])).toEqual(
        Array.from({ length: 7 }, (_, i) => [i * 4096, Math.min(4096, blob.length - i * 4096)]),
      );
      expect(s.maxInFlight()).toBeLessThanOrEqual(2);
    } finally {
      s.close();
    }
  });

  it('fails when the blob is shorter than its descriptor says', async () => {
    const blob = Buffer.alloc(10_000, 1);
    const s = await contentServer(blob, { truncate: 9000 });
    try {
      const read = async () => {
        for await (const chunk of readBlob(s.rpc, 'ns', 'sha256:x', blob.length, { timeoutMs: 5000, window: 4096 }))
          void chunk;
      };
      await expect(read()).rejects.toMatchObject({ code: 'CHECKPOINT_FAILED' });
    } finally {
      s.close();
    }
  });

  it('refuses a blob larger than the caller allows before reading it', async () => {
    const s = await contentServer(Buffer.alloc(10));
    try {
      await expect(
        readBlobToBuffer(s.rpc, 'ns', 'sha256:x', 10, { timeoutMs: 5000, maxBytes: 5 }),
      ).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
      expect(s.calls).toEqual([]);
    } finally {
      s.close();
    }
  });
});
