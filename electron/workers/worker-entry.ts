// Where the heavy worker's code is: beside the host's bundle once built
// (dist/<host>/ -> dist/worker/heavy-worker.cjs), or the TypeScript sources
// when the app runs from them (tests), compiled by tsx in the worker.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { AppError } from '../../shared/errors';

const fromSources = __filename.endsWith('.ts');

/** The default entry for this build: the bundle, or heavy-worker.ts from the sources. */
export function defaultWorkerEntry(): string {
  if (fromSources) return join(__dirname, 'heavy-worker.ts');
  // Packaged, the bundle is unpacked beside the asar (electron-builder.yml asarUnpack): a worker loads from disk.
  return join(__dirname, '..', 'worker', 'heavy-worker.cjs').replace(/app\.asar(?=[/\\])/, 'app.asar.unpacked');
}

/** Starts a worker on an entry: a built .cjs as it is, a .ts through tsx (from-source.cjs). */
export function spawnWorker(entry: string, options: WorkerOptions): Worker {
  if (!existsSync(entry)) throw new AppError('INTERNAL', `the heavy worker ${entry} is missing (run the build)`);
  if (!entry.endsWith('.ts')) return new Worker(entry, options);
  return new Worker(join(__dirname, 'from-source.cjs'), { ...options, argv: [entry] });
}
