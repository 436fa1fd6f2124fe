// Reading the custody log back: every line is either a valid entry or listed
// as broken with its line number and why. The file is opened read-only and
// never written here.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { z } from 'zod';
import type { CustodyBrokenLine, CustodyEntry, CustodyLog } from '../../shared/dto';
import { custodyFile, MAX_CUSTODY_LINE_BYTES } from './custody';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const entrySchema = z.object({
  v: z.literal(1),
  at: z.string().max(64),
  user: z.object({ name: z.string().max(4096).nullable(), uid: z.number().int().nullable() }),
  host: z.string().max(4096),
  tool: z.string().max(64),
  pid: z.number().int(),
  action: z.enum(['opened', 'hashed', 'verified', 'exported']),
  archive: z.object({
    path: z.string().max(8192),
    size: z.number().nullable(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
  }),
  what: z.string().max(8192).optional(),
  target: z.string().max(8192).optional(),
  detail: z.record(z.string(), scalar).optional(),
}) satisfies z.ZodType<CustodyEntry>;

const SHOWN_BROKEN_CHARS = 200;

/** Splits the log into entries and broken lines (a last line without its newline is broken: cut by a crash). */
export function parseCustody(text: string): Pick<CustodyLog, 'entries' | 'broken'> {
  const entries: CustodyLog['entries'] = [];
  const broken: CustodyBrokenLine[] = [];
  const lines = text.split('\n');
  const last = lines.pop();
  if (last !== undefined && last !== '') lines.push(last);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.length > SHOWN_BROKEN_CHARS ? `${raw.slice(0, SHOWN_BROKEN_CHARS)}…` : raw;
    if (i === lines.length - 1 && last !== '' && last !== undefined) {
      broken.push({ line, text, reason: 'the last line has no newline (a write cut short)' });
      return;
    }
    if (Buffer.byteLength(raw) > MAX_CUSTODY_LINE_BYTES) {
      broken.push({ line, text, reason: `longer than ${MAX_CUSTODY_LINE_BYTES} bytes` });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      broken.push({ line, text, reason: 'not JSON' });
      return;
    }
    const parsed = entrySchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      broken.push({
        line,
        text,
        reason: `not a custody entry (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
      });
      return;
    }
    entries.push({ ...parsed.data, line });
  });
  return { entries, broken };
}

/** The log of this process's user-data folder; an absent log is an empty one. */
export async function readCustody(file: string = custodyFile()): Promise<CustodyLog> {
  let fh;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return { file, entries: [], broken: [] };
    throw error;
  }
  try {
    return { file, ...parseCustody(await fh.readFile('utf8')) };
  } finally {
    await fh.close();
  }
}
