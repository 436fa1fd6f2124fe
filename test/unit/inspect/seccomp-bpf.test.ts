import { describe, expect, it } from 'vitest';
import { actionOf } from '../../../electron/inspect/seccomp/actions';
import { type BpfInsn, parseFilter, runFilter } from '../../../electron/inspect/seccomp/bpf';
import {
  type ChainCache,
  decodeChain,
  type ImageFilter,
  imageFilters,
} from '../../../electron/inspect/seccomp/decode-chain';
import { insnText } from '../../../electron/inspect/seccomp/listing';
import type { SeccompChainView } from '../../../shared/dto';

const X86_64 = 0xc000003e;
const I386 = 0x40000003;
const ALLOW = 0x7fff0000;
const ERRNO = 0x00050000;
const TRAP = 0x00030000;
const KILL_PROCESS = 0x80000000;

// Classic BPF opcodes (linux/filter.h) as seccomp filters use them.
const ld = (k: number): BpfInsn => ({ code: 0x20, jt: 0, jf: 0, k });
const jeq = (k: number, jt: number, jf: number): BpfInsn => ({ code: 0x15, jt, jf, k });
const jset = (k: number, jt: number, jf: number): BpfInsn => ({ code: 0x45, jt, jf, k });
const ret = (k: number): BpfInsn => ({ code: 0x06, jt: 0, jf: 0, k: k >>> 0 });
const retA: BpfInsn = { code: 0x16, jt: 0, jf: 0, k: 0 };
const and = (k: number): BpfInsn => ({ code: 0x54, jt: 0, jf: 0, k });
const divX: BpfInsn = { code: 0x3c, jt: 0, jf: 0, k: 0 };
const ldxImm = (k: number): BpfInsn => ({ code: 0x01, jt: 0, jf: 0, k });

function bytesOf(prog: readonly BpfInsn[]): Uint8Array {
  const out = Buffer.alloc(prog.length * 8);
  prog.forEach((p, i) => {
    out.writeUInt16LE(p.code, i * 8);
    out.writeUInt8(p.jt, i * 8 + 2);
    out.writeUInt8(p.jf, i * 8 + 3);
    out.writeUInt32LE(p.k >>> 0, i * 8 + 4);
  });
  return out;
}

/**
 * x86-64 only: read allowed, reboot EPERM, personality allowed only for
 * personality(0xffffffff) (a query), everything else ENOSYS; other arches killed.
 */
const PROFILE: BpfInsn[] = [
  ld(4), // 0 arch
  jeq(X86_64, 0, 9), // 1 -> 11
  ld(0), // 2 nr
  jeq(0, 6, 0), // 3 read -> 10
  jeq(169, 0, 1), // 4 reboot -> 5
  ret(ERRNO | 1), // 5
  jeq(135, 0, 2), // 6 personality -> 7, else 9
  ld(16), // 7 args[0] low word
  jeq(0xffffffff, 1, 0), // 8 -> 10 allow, else 9
  ret(ERRNO | 38), // 9
  ret(ALLOW), // 10
  ret(KILL_PROCESS), // 11
];

function filters(...progs: BpfInsn[][]): ImageFilter[] {
  // seccomp.img lists the oldest first; each later one names the one before as prev.
  return progs.map((prog, index) => ({ index, prog, prev: index === 0 ? null : index - 1, flags: 0, problem: null }));
}

function syscall(view: SeccompChainView, arch: string, name: string) {
  const a = view.arches.find((x) => x.arch === arch)!;
  const v = a.syscalls.find((s) => s.name === name);
  if (!v) throw new Error(`no ${name} on ${arch}`);
  return v;
}

describe('seccomp BPF interpreter', () => {
  it('parses sock_filter bytes and refuses a partial instruction', () => {
    expect(parseFilter(bytesOf(PROFILE))).toEqual(PROFILE);
    expect(() => parseFilter(new Uint8Array(12))).toThrow(/8-byte/);
  });

  it('follows nr and arch and forks on the arguments', () => {
    expect([...runFilter(PROFILE, 0, X86_64).returns]).toEqual([ALLOW]);
    expect([...runFilter(PROFILE, 169, X86_64).returns]).toEqual([ERRNO | 1]);
    expect([...runFilter(PROFILE, 1, X86_64).returns]).toEqual([ERRNO | 38]);
    expect([...runFilter(PROFILE, 0, I386).returns]).toEqual([KILL_PROCESS]);
    const personality = runFilter(PROFILE, 135, X86_64);
    expect(personality.dependsOnArgs).toBe(true);
    expect([...personality.returns].sort()).toEqual([ERRNO | 38, ALLOW].sort());
  });

  it('returns computed from the arguments are unknown; a run-time division by zero kills', () => {
    expect([...runFilter([ld(16), retA], 0, X86_64).returns]).toEqual([null]);
    expect([...runFilter([ld(0), and(0xff), retA], 0x1234, X86_64).returns]).toEqual([0x34]);
    expect([...runFilter([ld(0), ldxImm(0), divX, retA], 1, X86_64).returns]).toEqual([0]);
  });

  it('names what the kernel would refuse to load', () => {
    expect(runFilter([ld(0)], 0, X86_64).invalid).toMatch(/past the end/);
    expect(runFilter([ld(2), ret(ALLOW)], 0, X86_64).invalid).toMatch(/not allowed/);
    expect(runFilter([ld(64), ret(ALLOW)], 0, X86_64).invalid).toMatch(/not allowed/);
    expect(runFilter([], 0, X86_64).invalid).toMatch(/1 to 4096/);
  });

  it('gives up on a filter whose argument checks multiply past the step budget', () => {
    // 30 independent bit tests of args[0]: 2^30 paths.
    const prog: BpfInsn[] = [ld(16)];
    for (let i = 0; i < 30; i++) prog.push(jset(1 << i, 0, 0));
    prog.push(ret(ALLOW));
    const out = runFilter(prog, 0, X86_64, 10_000);
    expect(out.exhausted).toBe(true);
    const { view, problems } = decodeChain(filters(prog), 0);
    expect(syscall(view, 'x86_64', 'read').action.kind).toBe('unknown');
    // The chain's budget ran out: the rest is unknown too, and said so.
    expect(syscall(view, 'aarch64', 'read').possible.map((a) => a.kind)).toEqual(['unknown']);
    expect(problems.join('\n')).toMatch(/more than 5000000 BPF steps/);
  });
});

describe('seccomp chain decoder', () => {
  it('decodes one filter per architecture, with argument-dependent rules', () => {
    const { view, problems } = decodeChain(filters(PROFILE), 0);
    expect(problems).toEqual([]);
    expect(syscall(view, 'x86_64', 'read')).toMatchObject({ action: { kind: 'allow' }, dependsOnArgs: false });
    expect(syscall(view, 'x86_64', 'reboot').action.text).toBe('errno 1 (EPERM)');
    const p = syscall(view, 'x86_64', 'personality');
    expect(p.dependsOnArgs).toBe(true);
    expect(p.possible.map((a) => a.text)).toEqual(['errno 38 (ENOSYS)', 'allow']);
    expect(view.arches.find((a) => a.arch === 'x86_64')!.commonAction.text).toBe('errno 38 (ENOSYS)');
    expect(syscall(view, 'i386', 'read').action.kind).toBe('kill_process');
    expect(syscall(view, 'aarch64', 'read').action.kind).toBe('kill_process');
    expect(view.otherArch.kind).toBe('kill_process');
    expect(view.listing[0]).toBe('filter 0:');
    expect(view.listing[2]).toBe('     1: jeq #0xc000003e, 2, 11');
  });

  it('keeps the strictest answer of a chain, the newer filter at a tie', () => {
    const older = [ld(0), jeq(1, 0, 1), ret(TRAP | 7), ret(ERRNO | 13)];
    const newer = [ld(0), jeq(1, 1, 0), ret(ERRNO | 2), ret(ALLOW)];
    const chain = filters(older, newer);
    const { view } = decodeChain(chain, 1);
    expect(view.filters.map((f) => f.index)).toEqual([1, 0]);
    expect(syscall(view, 'x86_64', 'write').action.text).toBe('trap 7'); // trap beats allow
    expect(syscall(view, 'x86_64', 'read').action.text).toBe('errno 2 (ENOENT)'); // errno tie: newer's data
    expect(view.listing).toContain('filter 1 (installed after filter 0):');
  });

  it('decodes a filter saved once per task only once', () => {
    const twice: ImageFilter[] = [0, 1].map((index) => ({ index, prog: PROFILE, prev: null, flags: 0, problem: null }));
    const cache: ChainCache = new Map();
    const a = decodeChain(twice, 0, cache).view;
    const b = decodeChain(twice, 1, cache).view;
    expect(cache.size).toBe(1);
    expect(b.arches).toBe(a.arches);
    expect([a.top, b.top, b.filters[0]!.index]).toEqual([0, 1, 1]);
    expect(b.listing[0]).toBe('filter 1:');
  });

  it('reports a looping or dangling prev and unreadable bytes as problems', () => {
    const loop: ImageFilter[] = [{ index: 0, prog: [ret(ALLOW)], prev: 0, flags: null, problem: null }];
    expect(decodeChain(loop, 0).problems[0]).toMatch(/loops/);
    expect(decodeChain(filters([ret(ALLOW)]), 3).problems[0]).toMatch(/no filter 3/);
    const parsed = imageFilters([{ seccomp_filters: [{ filter: Buffer.alloc(5).toString('base64') }] }]);
    expect(parsed[0]!.problem).toMatch(/8-byte/);
    expect(decodeChain(parsed, 0).problems[0]).toMatch(/filter 0: .*8-byte/);
  });

  it('reads crit-shaped seccomp.img entries (base64 filter, prev)', () => {
    const entries = [
      {
        seccomp_filters: [
          { filter: Buffer.from(bytesOf([ret(ALLOW)])).toString('base64'), flags: 0 },
          { filter: Buffer.from(bytesOf(PROFILE)).toString('base64'), prev: 0, flags: 1 },
        ],
      },
    ];
    const parsed = imageFilters(entries);
    expect(parsed.map((f) => [f.prev, f.prog?.length])).toEqual([
      [null, 1],
      [0, PROFILE.length],
    ]);
  });
});

// Exported by libseccomp 2.5.4 (seccomp_export_bpf) from: default ERRNO(1), arches x86-64 + i386;
// allow read write close exit_group futex mmap; TRAP ptrace; LOG uname; ERRNO(38) kexec_load;
// allow personality only when arg0 == 0.
const LIBSECCOMP_HEX =
  '20000000040000001500000f3e0000c0200000000000000035000001000000401500001fffffffff15001d0000000000' +
  '15001c000100000015001b000300000015001a0009000000150010003f00000015000c006500000015001700ca000000' +
  '15001600e700000015001000f60000001500001387000000200000001400000015000f11000000001500001203000040' +
  '200000000000000015000f000300000015000e000400000015000d0006000000150000011a0000000600000000000300' +
  '15000a005a000000150000017a000000060000000000fc7f15000700f000000015000600fc000000150000011b010000' +
  '06000000260005001500000288000000200000001000000015000100000000000600000001000500060000000000ff7f' +
  '0600000000000000';

describe('seccomp decoder on a libseccomp-compiled filter', () => {
  const prog = parseFilter(Buffer.from(LIBSECCOMP_HEX, 'hex'));
  const { view, problems } = decodeChain(filters(prog), 0);

  it('gives every rule its action on both architectures', () => {
    expect(problems).toEqual([]);
    for (const arch of ['x86_64', 'i386']) {
      for (const name of ['read', 'write', 'close', 'exit_group', 'futex', 'mmap'])
        expect(syscall(view, arch, name).action.kind, `${arch} ${name}`).toBe('allow');
      expect(syscall(view, arch, 'ptrace').action.text).toBe('trap');
      expect(syscall(view, arch, 'uname').action.text).toBe('log');
      expect(syscall(view, arch, 'kexec_load').action.text).toBe('errno 38 (ENOSYS)');
      expect(syscall(view, arch, 'reboot').action.text).toBe('errno 1 (EPERM)');
      const p = syscall(view, arch, 'personality');
      expect(p.dependsOnArgs).toBe(true);
      expect(p.possible.map((a) => a.kind).sort()).toEqual(['allow', 'errno']);
      expect(view.arches.find((a) => a.arch === arch)!.commonAction.text).toBe('errno 1 (EPERM)');
    }
    // libseccomp's bad-architecture action is SCMP_ACT_KILL (kill thread).
    expect(syscall(view, 'aarch64', 'read').action.kind).toBe('kill_thread');
    expect(view.otherArch.kind).toBe('kill_thread');
  });
});

describe('seccomp actions and listing', () => {
  it('names actions, caps errno at MAX_ERRNO and kills on an unknown action', () => {
    expect(actionOf(ERRNO | 0xffff).text).toBe('errno 4095');
    expect(actionOf(0x00010000).text).toMatch(/kill process \(unknown action/);
    expect(actionOf(0x7ff00005).text).toBe('trace 5');
    expect(actionOf(0x7fc00000).kind).toBe('user_notif');
    expect(actionOf(null).kind).toBe('unknown');
  });

  it('lists instructions bpf_dbg style', () => {
    expect(insnText(ld(24), 0)).toBe('ld [args[1]_lo]');
    expect(insnText(jeq(5, 1, 2), 3)).toBe('jeq #0x5, 5, 6');
    expect(insnText(retA, 0)).toBe('ret a');
    expect(insnText({ code: 0x05, jt: 0, jf: 0, k: 2 }, 4)).toBe('ja 7');
    expect(insnText(and(0xff), 0)).toBe('and #0xff');
  });
});
