// Small checkpoint archives laid out like checkpointctl's own test suite
// builds them (its test/data files and a subset of CRIU images), for the
// CLI's checkpointctl-compatibility tests.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA } from '../checkpointctl-suite/data';
import { fixtureImages } from '../hostile/fixture-images';
import { entry, file, tar } from '../hostile/tar-writer';

/** A Podman spec.dump (two mounts) and a two-network network.status: the ported suite's inputs. */
export const PODMAN_SPEC = DATA.spec;
export const MULTI_NETWORK = DATA.networkMulti;

export interface CompatArchive {
  /** Top-level members (config.dump, spec.dump, stats-dump, network.status...) and their contents. */
  top?: Record<string, string | Buffer>;
  /** Whether there is a checkpoint/ folder (default true). */
  checkpointDir?: boolean;
  /** CRIU images of the fixture to put under checkpoint/, by name pattern. */
  images?: RegExp;
}

/** Writes the archive as dir/name and returns its path. */
export function writeCompatArchive(dir: string, name: string, a: CompatArchive): string {
  const images = a.images ? Object.entries(fixtureImages()).filter(([n]) => a.images?.test(n)) : [];
  const parts = [
    ...Object.entries(a.top ?? {}).map(([n, data]) => file(n, data)),
    ...(a.checkpointDir === false ? [] : [entry({ name: 'checkpoint/', type: '5', mode: 0o755 })]),
    ...images.map(([n, bytes]) => file(`checkpoint/${n}`, bytes)),
  ];
  const path = join(dir, name);
  writeFileSync(path, parts.length > 0 ? tar(...parts) : Buffer.alloc(0));
  return path;
}

/** The fixture's stats-dump (a real CRIU STATS image), found with a header walk (the fixture is plain ustar). */
export function fixtureStatsDump(): Buffer {
  const member = 'stats-dump';
  const bytes = readFileSync(join(__dirname, '..', 'fixtures', 'containerd-cri-web.tar'));
  for (let at = 0; at + 512 <= bytes.length;) {
    const head = bytes.subarray(at, at + 512);
    if (head.every((b) => b === 0)) break;
    const name = head.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(head.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    if (name === member) return Buffer.from(bytes.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${member} is not in the fixture`);
}
