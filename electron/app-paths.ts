import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The package root (where package.json names us), found from this file's
 * location: the same code runs from src (tests), dist/ (built) and app.asar.
 */
export function appRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown };
        if (pkg.name === 'checkpoint-inspector') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    dir = path.dirname(dir);
  }
  return process.cwd();
}

/** The bundled sample checkpoint in a source or built tree, or null when absent. */
export function samplePath(resourcesDir: string = path.join(appRoot(), 'resources')): string | null {
  const file = path.join(resourcesDir, 'sample', 'sample-checkpoint.tar');
  return existsSync(file) ? file : null;
}
