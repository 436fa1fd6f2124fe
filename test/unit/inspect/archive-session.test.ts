import { describe, expect, it } from 'vitest';
import { ArchiveSession } from '../../../electron/inspect/archive-session';
import { fakeDeps, img } from './fake-archive';

const argv = Buffer.from('/bin/app\0--port\x0080\0');
const env = Buffer.from('HOME=/root\0TOKEN=s3cret\0');
const pages = Buffer.concat([argv, Buffer.alloc(0x100 - argv.length), env]);

function files(over: Record<string, string | Buffer> = {}) {
  return {
    'config.dump': JSON.stringify({
      id: 'abc123',
      name: 'web',
      rootfsImageName: 'busybox:latest',
      runtime: 'io.containerd.runc.v2',
      createdTime: '2024-01-01T00:00:00.5Z',
      checkpointedTime: '0001-01-01T00:00:00Z',
    }),
    'spec.dump': JSON.stringify({
      annotations: { 'io.kubernetes.cri.container-name': 'web-c' },
      mounts: [{ destination: '/proc', type: 'proc', source: 'proc' }],
    }),
    'checkpoint/pstree.img': img('PSTREE', [
      { pid: 1, ppid: 0, pgid: 1, sid: 1, threads: [1] },
      { pid: 5, ppid: 1, pgid: 1, sid: 1, threads: [5] },
    ]),
    'checkpoint/core-1.img': img('CORE', [
      { tc: { task_state: 1, comm: 'app' }, thread_core: { creds: { uid: 0, gid: 0, cap_eff: [1] } } },
    ]),
    'checkpoint/core-5.img': 'BROKEN',
    'checkpoint/mm-1.img': img('MM', [
      {
        mm_arg_start: 0x1000,
        mm_arg_end: 0x1000 + argv.length,
        mm_env_start: 0x1100,
        mm_env_end: 0x1100 + env.length,
        vmas: [{ start: 0x1000, end: 0x3000, prot: 3, flags: 0x22, status: 0x201, shmid: 0 }],
      },
    ]),
    'checkpoint/pagemap-1.img': img('PAGEMAP', [{ pages_id: 1 }, { vaddr: 0x1000, nr_pages: 1, flags: 4 }]),
    'checkpoint/pages-1.img': pages,
    'checkpoint/ids-1.img': img('IDS', [{ files_id: 2 }]),
    'checkpoint/fdinfo-2.img': img('FDINFO', [{ id: 10, flags: 0, type: 'REG', fd: 3 }]),
    'checkpoint/files.img': img('FILES', [
      { type: 'REG', id: 10, reg: { id: 10, flags: 0, pos: 7, name: '/etc/app.conf' } },
    ]),
    ...over,
  };
}

async function open(over: Record<string, string | Buffer> = {}) {
  return ArchiveSession.open('/x/web.tar', fakeDeps(files(over)), { archiveId: 'a1', cacheDir: '/nonexistent' });
}

describe('ArchiveSession', () => {
  it('summarises from config.dump and spec.dump at open', async () => {
    const s = await open();
    expect(s.summary()).toMatchObject({
      archiveId: 'a1',
      fileName: 'web.tar',
      containerName: 'web-c',
      image: 'busybox:latest',
      engine: 'containerd',
      checkpointedAt: null,
      warnings: [],
    });
  });

  it('reads argv and environment from process memory', async () => {
    const s = await open();
    const procs = await s.processes();
    expect(procs[0]).toMatchObject({
      pid: 1,
      comm: 'app',
      state: 'alive',
      cmdline: ['/bin/app', '--port', '80'],
      uid: 0,
    });
    const detail = await s.process(1);
    expect(detail.environment).toEqual([
      { name: 'HOME', value: '/root' },
      { name: 'TOKEN', value: 's3cret' },
    ]);
    expect(detail.credentials?.capEffective).toEqual(['CAP_CHOWN']);
    expect(detail.files).toEqual([
      {
        pid: 1,
        comm: 'app',
        fd: 3,
        type: 'REG',
        path: '/etc/app.conf',
        flags: 'O_RDONLY',
        position: 7,
        critPath: '/etc/app.conf',
      },
    ]);
    expect(detail.vmas[0]).toMatchObject({ start: 0x1000, end: 0x3000, prot: 'rw-p', dumped: pages.length });
    expect(detail.problems).toEqual([]);
  });

  it('lets one corrupt image fail only its own process, naming the member and reason', async () => {
    const s = await open();
    const procs = await s.processes();
    expect(procs.map((p) => p.pid)).toEqual([1, 5]);
    expect(procs[1]).toMatchObject({ comm: '', state: 'unknown' });
    const o = await s.overview();
    expect(o.processCount).toBe(2);
    expect(o.warnings).toEqual([
      {
        where: 'checkpoint/core-5.img',
        pid: 5,
        code: 'IMAGE_CORRUPT',
        message: 'checkpoint/core-5.img: entry 0: truncated payload',
      },
    ]);
    // Process 5 has no rows because it could not be read, and the view says so.
    const files = await s.files();
    expect(files.rows.map((f) => f.pid)).toEqual([1]);
    expect(files.problems).toEqual([o.warnings[0]]);
    expect((await s.memoryUsage()).problems).toEqual([o.warnings[0]]);
    const detail = await s.process(5);
    expect(detail.problems).toEqual([o.warnings[0]]);
  });

  it('reports a broken pstree in the overview and keeps the rest', async () => {
    const s = await open({ 'checkpoint/pstree.img': 'BROKEN' });
    const o = await s.overview();
    expect(o.processCount).toBe(0);
    expect(o.warnings[0]).toMatchObject({ where: 'checkpoint/pstree.img', code: 'IMAGE_CORRUPT' });
    expect(o.containerName).toBe('web-c');
    await expect(s.processes()).rejects.toThrow(/pstree\.img/);
    expect((await s.mounts()).rows[0]).toMatchObject({ source: 'spec', destination: '/proc' });
  });

  it('bounds member reads and checks names against the index', async () => {
    const s = await open();
    const page = await s.readMember('config.dump', 2, 5);
    expect(page.data.toString()).toBe('id":"');
    await expect(s.readMember('../../etc/passwd', 0, 10)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(s.readMember('config.dump', 0, 1024 * 1024 + 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(s.readMember('config.dump', 10_000, 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(s.readMemory(1, 0x1000, 2 * 1024 * 1024)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(s.readMemory(99, 0x1000, 16)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const mem = await s.readMemory(1, 0x1000, 8);
    expect(mem.data.toString()).toBe('/bin/app');
  });

  it('pages decoded images and marks raw ones', async () => {
    const s = await open();
    const page = await s.decodeImage('pstree.img', 1, 1);
    expect(page).toMatchObject({ name: 'checkpoint/pstree.img', offset: 1, total: 2, raw: false, error: null });
    expect(page.entries).toEqual([{ pid: 5, ppid: 1, pgid: 1, sid: 1, threads: [5] }]);
    expect(await s.decodeImage('checkpoint/pages-1.img', 0, 10)).toMatchObject({ raw: true, entries: [] });
    const broken = await s.decodeImage('checkpoint/core-5.img', 0, 10);
    expect(broken.error).toMatchObject({ where: 'checkpoint/core-5.img', code: 'IMAGE_CORRUPT' });
    await expect(s.decodeImage('nope.img', 0, 10)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const list = await s.images();
    expect(list.find((i) => i.name === 'checkpoint/pages-1.img')?.type).toBe('RAW');
    expect(list.find((i) => i.name === 'checkpoint/pstree.img')?.entryCount).toBe(2);
  });

  it('warns when config.dump is not JSON and still opens', async () => {
    const s = await open({ 'config.dump': '{nope' });
    expect(s.summary().warnings[0]).toMatchObject({ where: 'config.dump', code: 'ARCHIVE_CORRUPT' });
  });
});
