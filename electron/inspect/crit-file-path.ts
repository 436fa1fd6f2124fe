import { bytesField, numField, strField } from './crit-values';
import type { FileObject } from './file-table';

/**
 * The name go-crit gives an open file, which is what `checkpointctl inspect
 * --files` prints (and scripts match on): a regular file's path ("unknown"
 * when files.img holds no regular file under the id), `pipe[N]`, `unix[INO
 * (PEER) NAME]`, and for every other kind the descriptor's type and file id,
 * `INETSK.7`. The GUI keeps its own /proc-like names (filePath).
 */
export function critFilePath(fdType: string, id: number, file: FileObject | undefined): string {
  const p = file?.payload;
  switch (fdType) {
    case 'REG':
      return (file?.type === 'REG' ? strField(p, 'name') : null) ?? 'unknown';
    case 'PIPE':
      return file?.type === 'PIPE' ? `pipe[${numField(p, 'pipe_id') ?? 0}]` : 'pipe[?]';
    case 'UNIXSK': {
      if (file?.type !== 'UNIXSK') return 'unix[?]';
      const name = Buffer.from(bytesField(p, 'name') ?? new Uint8Array()).toString('utf8');
      return `unix[${numField(p, 'ino') ?? 0} (${numField(p, 'peer') ?? 0}) ${name}]`;
    }
    default:
      return `${fdType}.${id}`;
  }
}
