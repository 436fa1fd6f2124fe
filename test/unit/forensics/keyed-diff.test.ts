// Lists compared by identity, not position, and the changed part of a value marked.
import { describe, expect, it } from 'vitest';
import { changedPart, splitChanged, valueText } from '../../../shared/diff-text';
import { jsonDiff } from '../../../electron/inspect/diff/json-diff';
import { processChange, type ProcessFacts } from '../../../electron/inspect/diff/process-diff';

const CAPS = ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_KILL'];
const spec = (caps: string[], env: string[], mounts: { destination: string; type: string }[], args: string[]) => ({
  process: { args, env, capabilities: { bounding: caps, effective: caps, permitted: caps } },
  mounts,
});
const MOUNTS = [
  { destination: '/proc', type: 'proc' },
  { destination: '/dev', type: 'tmpfs' },
  { destination: '/sys', type: 'sysfs' },
];

describe('keyed JSON diff', () => {
  it('a different order of capabilities, environment and mounts is no difference', () => {
    const a = spec(CAPS, ['PATH=/bin', 'HOME=/root', 'TERM=xterm'], MOUNTS, ['nginx', '-g', 'daemon off;']);
    const b = spec([...CAPS].reverse(), ['TERM=xterm', 'PATH=/bin', 'HOME=/root'], [...MOUNTS].reverse(), [
      'nginx',
      '-g',
      'daemon off;',
    ]);
    expect(jsonDiff(a, b)).toEqual([]);
  });

  it('names what was added or removed of a set, and a changed variable by its name with its value', () => {
    const a = spec(CAPS, ['PATH=/bin', 'MODE=blue'], MOUNTS, ['app']);
    const b = spec([...CAPS.slice(1), 'CAP_SYS_ADMIN'], ['MODE=green', 'PATH=/bin'], MOUNTS.slice(1), ['app']);
    const byPath = Object.fromEntries(jsonDiff(a, b).map((c) => [c.path, c]));
    expect(byPath['process.capabilities.bounding["CAP_CHOWN"]']).toMatchObject({
      before: 'CAP_CHOWN',
      after: null,
      change: 'removed',
    });
    expect(byPath['process.capabilities.bounding["CAP_SYS_ADMIN"]']).toMatchObject({ change: 'added' });
    expect(byPath['process.env["MODE"]']).toEqual({
      path: 'process.env["MODE"]',
      before: 'MODE=blue',
      after: 'MODE=green',
      change: 'changed',
      mark: { prefix: 'MODE='.length, suffix: 0 },
    });
    expect(byPath['mounts["/proc"].type']).toMatchObject({ before: 'proc', after: null, change: 'removed' });
    // 3 lists x 2 capabilities, 1 variable, 2 leaves of the one mount gone.
    expect(Object.keys(byPath)).toHaveLength(9);
  });

  it('an ordered list (args) is compared by position', () => {
    const changes = jsonDiff(spec([], [], [], ['a', 'b']), spec([], [], [], ['b', 'a']));
    expect(changes.map((c) => c.path)).toEqual(['process.args[0]', 'process.args[1]']);
  });

  it('a repeated name in a set is counted, objects without a unique identity fall back to position', () => {
    expect(jsonDiff({ o: ['x', 'x'] }, { o: ['x'] }).map((c) => c.path)).toEqual(['o["x"]#2']);
    const devices = (a: string) => ({
      devices: [
        { allow: false, access: 'rwm' },
        { allow: true, access: a },
      ],
    });
    expect(jsonDiff(devices('r'), devices('w')).map((c) => c.path)).toEqual(['devices[1].access']);
  });
});

describe('change marking', () => {
  it('marks the differing middle of two texts', () => {
    const before = '/usr/local/sbin:/usr/bin:/bin';
    const after = '/usr/local/sbin:/opt/bin:/usr/bin:/bin';
    const part = changedPart(before, after);
    expect(splitChanged(before, part)).toEqual(['/usr/local/sbin:/', '', 'usr/bin:/bin']);
    expect(splitChanged(after, part)).toEqual(['/usr/local/sbin:/', 'opt/bin:/', 'usr/bin:/bin']);
  });

  it('never overlaps prefix and suffix, and never splits a surrogate pair', () => {
    expect(changedPart('aaa', 'aaaa')).toEqual({ prefix: 3, suffix: 0 });
    expect(changedPart('abab', 'ab')).toEqual({ prefix: 2, suffix: 0 });
    const part = changedPart('x\u{1F600}', 'x\u{1F601}');
    expect(part.prefix).toBe(1);
    expect(splitChanged('x\u{1F601}', part)[1]).toBe('\u{1F601}');
    expect(valueText(null)).toBe('(absent)');
    expect(valueText(['a', 1])).toBe('["a",1]');
  });

  it('a process environment value that changed is shown by name, with its changed part', () => {
    const facts = (env: Record<string, string>, caps: string[]): ProcessFacts => ({
      info: { pid: 7, ppid: 1, comm: 'app', state: 'S', cmdline: ['app'] } as ProcessFacts['info'],
      detail: {
        environment: Object.entries(env).map(([name, value]) => ({ name, value })),
        credentials: {
          uid: [0, 0, 0, 0],
          gid: [0, 0, 0, 0],
          groups: [],
          capEffective: caps,
          capPermitted: caps,
          capInheritable: [],
          capBounding: caps,
          capAmbient: [],
          noNewPrivs: false,
          seccompMode: null,
          lsmProfile: null,
        },
      },
      memory: null,
    });
    const a = facts({ A: '1', MODE: 'release-2024' }, CAPS);
    expect(processChange(a, facts({ MODE: 'release-2024', A: '1' }, [...CAPS].reverse()))).toBeNull();
    const c = processChange(a, facts({ A: '1', MODE: 'release-2025' }, CAPS));
    expect(c?.details).toEqual([
      { field: 'environment["MODE"]', before: 'release-2024', after: 'release-2025', mark: { prefix: 11, suffix: 0 } },
    ]);
  });
});
