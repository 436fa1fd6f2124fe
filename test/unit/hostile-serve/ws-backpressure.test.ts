// A WebSocket client that asks for big replies and never reads them (a raw
// socket that stops reading) must cost the host a bounded amount of memory,
// and must not slow another client down: the host stops reading it once its
// unsent replies pass the pause limit, and closes it (1008) when it falls
// further behind. A client that reads again late still gets every reply.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HOST_LIMITS } from '../../../electron/serve/limits';
import { WS_CLOSE_UNREAD } from '../../../electron/serve/ws-bridge';
import { invokeOverWs } from '../serve/http-client';
import { startHarness, type ServeHarness } from './support/host-harness';
import { writeMembersArchive } from './support/members-archive';
import { openRawWs, type RawWs } from './support/raw-ws-client';

const MiB = 1024 * 1024;
const REQUESTS = 150;
/** Enough ~3 MiB replies to pass the default pause limit several times over. */
const LATE_REQUESTS = 40;
/** Without backpressure 150 unread replies of ~3 MiB grew the host by ~600 MB. */
const MAX_RSS_GROWTH_MIB = 150;

const rssMiB = () => process.memoryUsage().rss / MiB;

async function openMembersArchive(h: ServeHarness): Promise<string> {
  const file = join(h.core.tmp, 'many-members.tar');
  await writeMembersArchive(file, 17_000);
  return (await h.core.composed.core.openPath(file)).archiveId;
}

/** Sends `requests` archive.members calls on a client that then reads nothing; returns the client. */
async function flood(h: ServeHarness, archiveId: string, requests: number): Promise<RawWs> {
  const raw = await openRawWs(h.host.origin, h.cookie);
  raw.stopReading();
  for (let id = 1; id <= requests; id++) {
    raw.send(JSON.stringify({ type: 'invoke', id, channel: 'archive.members', args: { archiveId } }));
  }
  return raw;
}

describe('a client that does not read its replies', () => {
  let h: ServeHarness;
  let archiveId: string;
  let replyBytes: number;

  beforeAll(async () => {
    // The default pause limit; a hard cap small enough that 150 unread replies must reach it.
    h = await startHarness({ wsMaxQueuedBytes: 24 * MiB });
    archiveId = await openMembersArchive(h);
    const ws = await h.connect();
    replyBytes = JSON.stringify(await invokeOverWs(ws, 'archive.members', { archiveId })).length;
    ws.close();
  });
  afterAll(async () => h?.dispose());

  it('is paused, then closed with 1008, while another client is answered and RSS stays bounded', async () => {
    expect(replyBytes).toBeGreaterThan(2.5 * MiB);
    const baseline = rssMiB();
    const other = await h.connect();
    const raw = await flood(h, archiveId, REQUESTS);
    const clientId = (await h.pressure((p) => p.state === 'paused')).clientId;
    // While the first client is held, another is served as usual.
    expect(await invokeOverWs(other, 'app.info', {})).toMatchObject({ ok: true });
    const closed = await h.pressure((p) => p.clientId === clientId && p.state === 'closed');
    const peak = Math.max(rssMiB(), ...h.pressures.map((p) => p.rssMiB));
    console.info(
      `[ws-backpressure] reply ${(replyBytes / MiB).toFixed(1)} MiB, RSS ${baseline.toFixed(0)} -> peak ${peak.toFixed(0)} MiB`,
    );
    expect(closed.pending).toBe(0);
    expect(h.logs.some((l) => l.startsWith(`closed WebSocket client ${clientId}: replies not read`))).toBe(true);
    expect(peak - baseline).toBeLessThan(MAX_RSS_GROWTH_MIB);
    // Far fewer replies than asked were ever made: the host stopped dispatching once the client fell behind.
    const maxQueued = Math.max(...h.pressures.filter((p) => p.clientId === clientId).map((p) => p.queuedBytes));
    expect(maxQueued).toBeLessThanOrEqual(24 * MiB);
    // The client, reading at last, finds the close frame behind the replies it was sent (or the connection cut).
    const seen = await raw.readFrames(REQUESTS);
    expect(seen.heads.length).toBeLessThan(REQUESTS);
    expect(seen.ended).toBe(true);
    if (seen.closeCode !== null) expect(seen.closeCode).toBe(WS_CLOSE_UNREAD);
    expect(await invokeOverWs(other, 'app.info', {})).toMatchObject({ ok: true });
    other.close();
  }, 60_000);
});

describe('a client that reads again late', () => {
  let h: ServeHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.dispose());

  it('gets every reply, in order of asking, after being paused at the default limits', async () => {
    const archiveId = await openMembersArchive(h);
    const baseline = rssMiB();
    const raw = await flood(h, archiveId, LATE_REQUESTS);
    const paused = await h.pressure((p) => p.state === 'paused');
    expect(paused.queuedBytes + paused.pending).toBeGreaterThan(0);
    const { heads, ended } = await raw.readFrames(LATE_REQUESTS);
    expect(ended).toBe(false);
    // Replies are a few MiB each: their id and outcome are read from the head, `{"type":"result","id":N,"envelope":{"ok":...`.
    const results = heads.map((t) => /^\{"type":"result","id":(\d+),"envelope":\{"ok":(true|false)/.exec(t));
    expect(results.map((m) => Number(m?.[1]))).toEqual(Array.from({ length: LATE_REQUESTS }, (_, i) => i + 1));
    expect(results.every((m) => m?.[2] === 'true')).toBe(true);
    const mine = h.pressures.filter((p) => p.clientId === paused.clientId);
    const maxQueued = Math.max(...mine.map((p) => p.queuedBytes));
    const peak = Math.max(...mine.map((p) => p.rssMiB));
    console.info(
      `[ws-backpressure] late reader: max queued ${(maxQueued / MiB).toFixed(1)} MiB, RSS ${baseline.toFixed(0)} -> peak ${peak.toFixed(0)} MiB`,
    );
    expect(peak - baseline).toBeLessThan(MAX_RSS_GROWTH_MIB);
    expect(maxQueued).toBeLessThanOrEqual(DEFAULT_HOST_LIMITS.wsMaxQueuedBytes);
    raw.socket.destroy();
  }, 60_000);
});
