// Rule files named by a user: a file as it is (any name), a folder for the
// .yar and .yara files under it, recursively, in name order.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { YaraRuleFile } from '../../../shared/dto/yara';
import { AppError } from '../../../shared/errors';
import { YARA_MAX_RULE_FILE, YARA_MAX_RULE_FILES } from './limits';

const RULE_FILE = /\.(yar|yara)$/i;

async function collect(path: string, out: string[], top: boolean): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new AppError(
      'NOT_FOUND',
      `rules ${path}: ${error.code === 'ENOENT' ? 'no such file or folder' : error.message}`,
    );
  });
  if (info.isDirectory()) {
    const names = (await readdir(path)).sort();
    for (const name of names) await collect(join(path, name), out, false);
    return;
  }
  if (!info.isFile() || (!top && !RULE_FILE.test(path))) return;
  if (info.size > YARA_MAX_RULE_FILE)
    throw new AppError('LIMIT_EXCEEDED', `rules ${path}: ${info.size} bytes is over ${YARA_MAX_RULE_FILE}`);
  out.push(path);
  if (out.length > YARA_MAX_RULE_FILES)
    throw new AppError('LIMIT_EXCEEDED', `more than ${YARA_MAX_RULE_FILES} rule files`);
}

export async function readRuleFiles(paths: readonly string[]): Promise<YaraRuleFile[]> {
  const files: string[] = [];
  for (const p of paths) {
    const before = files.length;
    await collect(p, files, true);
    if (files.length === before) throw new AppError('NOT_FOUND', `rules ${p}: no .yar or .yara files in this folder`);
  }
  return Promise.all(files.map(async (name) => ({ name, text: await readFile(name, 'utf8') })));
}
