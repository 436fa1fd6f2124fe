// decode prints 64-bit integers beyond 2^53 as crit does (issue 17): JSON
// numbers with every digit, never strings; the JSON writer knows bigint; the
// IPC/WebSocket wire (JSON for the browser host) carries them as strings.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonText } from '../../../electron/cli/format/json-text';
import { toDecodedImagePage } from '../../../electron/ipc/encode';
import { runCliCaptured } from '../../support/run-cli-captured';

const FIXTURES = path.resolve(__dirname, '../../fixtures');

describe('jsonText with bigints', () => {
  it('writes a bigint as a number with its exact digits, anywhere in the value', () => {
    expect(jsonText({ a: 18446744073692774399n })).toBe('{"a":18446744073692774399}');
    expect(jsonText([-9223372036854775808n, 1, 2n])).toBe('[-9223372036854775808,1,2]');
    expect(jsonText(2n ** 64n - 1n)).toBe('18446744073709551615');
    expect(jsonText({ x: { y: [2n ** 60n] } }, 2)).toBe(
      '{\n  "x": {\n    "y": [\n      1152921504606846976\n    ]\n  }\n}',
    );
  });

  it('leaves strings that look like numbers or like its own tag as strings', () => {
    const value = { s: '18446744073692774399', t: '\u0001bigint-00:5', n: 5n };
    const text = jsonText(value);
    expect(text).toBe('{"s":"18446744073692774399","t":"\\u0001bigint-00:5","n":5}');
    expect(JSON.parse(text)).toEqual({ s: '18446744073692774399', t: '\u0001bigint-00:5', n: 5 });
  });

  it('is JSON.stringify without bigints (controls escaped as before)', () => {
    const value = { a: 'x\u009b[2J', b: [1, null, true], c: undefined };
    expect(jsonText(value)).toBe(JSON.stringify(value).replace('\u009b', '\\u009b'));
    expect(jsonText(undefined)).toBe('null');
  });
});

describe('decode of a real containerd 2.1 archive', () => {
  it('prints ipcns-var shm_ctlmax and core sigset masks as numbers, as crit', async () => {
    const archive = path.join(FIXTURES, 'containerd-cri-web.tar');
    const ipc = await runCliCaptured(['decode', archive, 'ipcns-var-11.img']);
    expect(ipc.code).toBe(0);
    expect(ipc.out).toContain('"shm_ctlmax": 18446744073692774399,');
    expect(ipc.out).not.toMatch(/": "\d{16,}"/);
    const core = await runCliCaptured(['decode', archive, 'checkpoint/core-1.img']);
    expect(core.code).toBe(0);
    expect(core.out).not.toMatch(/": "-?\d{16,}"/);
  });
});

describe('the wire form of a decoded page', () => {
  it('carries bigints as decimal strings and leaves the rest as it is', () => {
    const page = {
      name: 'checkpoint/ipcns-var-11.img',
      magic: 'IPC_VAR',
      entries: [{ shm_ctlmax: 18446744073692774399n, sem_ctls: [1, 2n ** 63n], nested: { f: 'x', n: null } }],
      offset: 0,
      total: 1,
      raw: false,
      error: null,
    };
    const wire = toDecodedImagePage(page);
    expect(wire.entries).toEqual([
      { shm_ctlmax: '18446744073692774399', sem_ctls: [1, '9223372036854775808'], nested: { f: 'x', n: null } },
    ]);
    expect(() => JSON.stringify(wire)).not.toThrow();
    expect({ ...wire, entries: [] }).toEqual({ ...page, entries: [] });
  });
});
