import { z } from 'zod';
import { CHECKPOINT_TIMEOUT_SECONDS } from './defaults';

/** Archive ids are minted by main; anything else is rejected before a lookup. */
export const archiveId = z.string().regex(/^a[0-9a-z]{1,32}$/, 'not an archive id');
export const jobId = z.string().regex(/^j[0-9a-z]{1,32}$/, 'not a job id');
/** A name inside an archive's index (checked against the index by main). */
export const memberName = z.string().min(1).max(4096);
export const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Ranges are paged: no call reads more than this. */
export const MAX_RANGE = 1024 * 1024;
export const length = z.number().int().min(1).max(MAX_RANGE);
export const pid = z.number().int().min(1).max(4_194_304);
export const address = z
  .number()
  .int()
  .min(0)
  .max(2 ** 53 - 1);
export const containerId = z.string().min(1).max(256);
/** An image name in containerd's store: printable ASCII, no spaces (a reference, or any name ctr gave it). */
export const imageName = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, 'an image name is printable ASCII without spaces');
export const namespace = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'not a containerd namespace');
export const socketPath = z.string().min(1).max(4096);

/** VMA filter words, parsed by the core (electron/inspect/vma-filter.ts). */
export const vmaFilter = z.array(z.string().min(1).max(1024)).max(16);
/** A range of one process's memory, [start, end). */
export const memoryRange = z.object({ archiveId, pid, start: address, end: address }).strict();

export const none = z.object({}).strict();
export const withArchive = z.object({ archiveId }).strict();

/** A recovered item's id: its kind and CRIU id ('pipe:123', 'tty:4.1'). */
const recoveredId = z.string().regex(/^[a-z-]{1,16}:[0-9.]{1,40}$/, 'not a recovered item id');
export const recoveredItem = z.object({ archiveId, id: recoveredId }).strict();
export const recoveredRead = z.object({ archiveId, id: recoveredId, offset, length }).strict();
export const recoveredSearch = z
  .object({ archiveId, id: recoveredId, query: z.string().min(1).max(8192), kind: z.enum(['text', 'hex']) })
  .strict();

export const settingsPatch = z
  .object({
    socketPath: socketPath.optional(),
    namespaces: z.array(namespace).max(256).optional(),
    outputFolder: z.string().min(1).max(4096).regex(/^\//, 'an absolute folder path').optional(),
    maskSecrets: z.boolean().optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
  })
  .strict();

export const checkpointStart = z
  .object({
    containerId,
    namespace,
    via: z.enum(['auto', 'cri', 'native']).default('auto'),
    /** A file name only (no folders); the folder comes from settings. */
    fileName: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^/\0]+$/, 'a file name, not a path')
      .refine((n) => n !== '.' && n !== '..', 'a file name, not a path')
      .optional(),
    leaveRunning: z.boolean().default(true),
    timeoutSeconds: z.number().int().min(1).max(3600).default(CHECKPOINT_TIMEOUT_SECONDS),
    /** CRIU tcp-established: dump established TCP connections (native path only). */
    tcpEstablished: z.boolean().default(false),
  })
  .strict();

/** The dialog's question before a checkpoint: this container, into this folder, this way. */
export const checkpointPlan = z
  .object({
    containerId,
    namespace,
    via: z.enum(['auto', 'cri', 'native']).default('auto'),
    leaveRunning: z.boolean().default(true),
    tcpEstablished: z.boolean().default(false),
    /** The folder the archive would go to; checked as given (a relative path is answered as invalid, not refused). */
    folder: z.string().min(1).max(4096),
  })
  .strict();

export const checkpointFolder = z
  .object({ folder: z.string().min(1).max(4096).regex(/^\//, 'an absolute folder path') })
  .strict();

/** A verify reference sent by the GUI (the browser host's WebSocket takes 1 MiB a message; the CLI reads larger ones). */
export const MAX_REFERENCE_CHARS = 1_000_000;
export const verifyReference = z
  .object({ archiveId, reference: z.string().min(1).max(MAX_REFERENCE_CHARS), name: z.string().min(1).max(255) })
  .strict();
