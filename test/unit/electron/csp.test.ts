import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { CONTENT_SECURITY_POLICY, META_CSP } from '../../../shared/content-security-policy';

const root = path.resolve(__dirname, '..', '..', '..');
let outDir = '';
let html = '';

function cspOf(document: string): string[] {
  return [...document.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((m) => m[1]!);
}

// The renderer is built for real (into a temp folder) so the test sees what Electron loads.
beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'ci-renderer-'));
  await build({
    configFile: path.join(root, 'renderer', 'vite.config.mts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  html = await readFile(path.join(outDir, 'index.html'), 'utf8');
}, 120_000);
afterAll(() => rm(outDir, { recursive: true, force: true }));

describe('the built renderer page', () => {
  it('carries exactly one CSP, the one main also sends as a header (plus frame-ancestors)', () => {
    expect(cspOf(html)).toEqual([META_CSP]);
    expect(CONTENT_SECURITY_POLICY.startsWith(`${META_CSP}; `)).toBe(true);
  });

  it('forbids inline and eval scripts, remote loads, framing and plugins', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|https?:|\*/);
  });

  it('has no inline script and loads its assets by relative path', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\.\/assets\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
