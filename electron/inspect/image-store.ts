import { AppError } from '../../shared/errors';
import { jsonDepth, MAX_JSON_DEPTH } from './json-depth';
import { Memo } from './memo';
import type {
  ArchiveIndexLike,
  DecodedImageLike,
  InspectDeps,
  MemoryReaderLike,
  ParentMemoryLike,
  RandomAccessLike,
  TarMemberLike,
} from './ports';

export const CHECKPOINT_DIR = 'checkpoint/';
/** The largest image decoded whole; pages images are never decoded. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
export const MAX_IMAGE_ENTRIES = 1_000_000;
/** The largest JSON member (config.dump, spec.dump, ...) parsed. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Decodes the CRIU images of one archive on demand and keeps the results.
 * Every failure names the member and the reason, and fails only the callers
 * that need that image.
 */
export class ImageStore<M extends TarMemberLike = TarMemberLike> {
  private readonly decoded = new Memo();
  private readonly json = new Memo();

  constructor(
    readonly index: ArchiveIndexLike<M>,
    private readonly deps: Pick<InspectDeps<M>, 'decodeImage' | 'sniffImage' | 'memoryReader'>,
  ) {}

  /** The member name of an image given as `pstree.img`, or as a path (`checkpoint/pstree.img`, `pre-checkpoint/pagemap-7.img`). */
  memberName(image: string): string {
    return image.includes('/') || image === 'stats-dump' ? image : CHECKPOINT_DIR + image;
  }

  member(name: string): M | undefined {
    const m = this.index.get(name);
    return m && m.type === 'file' ? m : undefined;
  }

  has(image: string): boolean {
    return this.member(this.memberName(image)) !== undefined;
  }

  /** Image names (without the folder) under checkpoint/. */
  imageNames(): string[] {
    return this.index.members
      .filter(
        (m) =>
          m.type === 'file' && m.name.startsWith(CHECKPOINT_DIR) && !m.name.slice(CHECKPOINT_DIR.length).includes('/'),
      )
      .map((m) => m.name.slice(CHECKPOINT_DIR.length));
  }

  /** Decoded entries (numeric form); throws NOT_FOUND or IMAGE_CORRUPT naming the member. */
  decode(image: string, pretty = false): Promise<DecodedImageLike> {
    const name = this.memberName(image);
    const key = `${pretty ? 'p' : 'n'}:${name}`;
    return this.decoded.get(key, () => this.load(name, pretty));
  }

  /** Entries of an image, or null when the image is not in the archive. */
  async optional(image: string): Promise<unknown[] | null> {
    if (!this.has(image)) return null;
    return (await this.decode(image)).entries;
  }

  private async load(name: string, pretty: boolean): Promise<DecodedImageLike> {
    return this.decodeBytes(await this.bytes(name), name, pretty);
  }

  /** The bytes of an image, at most MAX_IMAGE_BYTES: for a view that indexes an image instead of decoding it whole. */
  async bytes(image: string): Promise<Buffer> {
    const name = this.memberName(image);
    const member = this.member(name);
    if (!member) throw new AppError('NOT_FOUND', `${name} is not in the archive`, { member: name });
    if (member.size > MAX_IMAGE_BYTES) {
      throw new AppError(
        'LIMIT_EXCEEDED',
        `${name}: ${member.size} bytes is more than the ${MAX_IMAGE_BYTES} decoded at once`,
        { member: name },
      );
    }
    try {
      return await this.index.readAll(member, MAX_IMAGE_BYTES);
    } catch (error) {
      throw new AppError('ARCHIVE_CORRUPT', `${name}: ${reason(error)}`, { member: name });
    }
  }

  /** Decodes bytes of the image `image` (numeric form unless `pretty`), e.g. one entry cut out of an indexed image. */
  decodeBytes(bytes: Buffer, image: string, pretty = false): DecodedImageLike {
    const name = this.memberName(image);
    try {
      return this.deps.decodeImage(bytes, {
        pretty,
        maxEntries: MAX_IMAGE_ENTRIES,
        name: name.slice(name.lastIndexOf('/') + 1),
      });
    } catch (error) {
      throw new AppError('IMAGE_CORRUPT', `${name}: ${reason(error)}`, { member: name });
    }
  }

  /**
   * The first `maxBytes` of an image decoded (numeric form), at most
   * `maxEntries` entries, not kept: for a caller whose limits must bound what
   * is allocated. The decoder's error is thrown as it is (its code, and the
   * entry it names in `details.entry`), so the caller can keep the entries
   * before a bad one; `size` is the member's whole size.
   */
  async decodeBounded(
    image: string,
    maxBytes: number,
    maxEntries: number,
  ): Promise<DecodedImageLike & { size: number }> {
    const name = this.memberName(image);
    const member = this.member(name);
    if (!member) throw new AppError('NOT_FOUND', `${name} is not in the archive`, { member: name });
    let bytes: Buffer;
    try {
      bytes = await this.index.read(member, 0, Math.min(member.size, maxBytes));
    } catch (error) {
      throw new AppError('ARCHIVE_CORRUPT', `${name}: ${reason(error)}`, { member: name });
    }
    const base = name.slice(name.lastIndexOf('/') + 1);
    const decoded = this.deps.decodeImage(bytes, { pretty: false, maxEntries, name: base });
    return { ...decoded, size: member.size };
  }

  sniff(head: Buffer, name: string): { magic: string; kind: string } {
    return this.deps.sniffImage(head, name);
  }

  memoryReader(pagemap: DecodedImageLike, pages: RandomAccessLike, parent?: ParentMemoryLike | null): MemoryReaderLike {
    return this.deps.memoryReader(pagemap, pages, parent);
  }

  /** A JSON member parsed, or null when absent; throws ARCHIVE_CORRUPT naming it when unreadable. */
  readJson(name: string): Promise<unknown> {
    return this.json.get(name, () => this.loadJson(name));
  }

  private async loadJson(name: string): Promise<unknown> {
    const member = this.member(name);
    if (!member) return null;
    if (member.size > MAX_JSON_BYTES) {
      throw new AppError('LIMIT_EXCEEDED', `${name}: ${member.size} bytes is more than the ${MAX_JSON_BYTES} read`, {
        member: name,
      });
    }
    let bytes: Buffer;
    try {
      bytes = await this.index.readAll(member, MAX_JSON_BYTES);
    } catch (error) {
      throw new AppError('ARCHIVE_CORRUPT', `${name}: ${reason(error)}`, { member: name });
    }
    if (jsonDepth(bytes) > MAX_JSON_DEPTH) {
      throw new AppError('LIMIT_EXCEEDED', `${name}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`, {
        member: name,
      });
    }
    try {
      return JSON.parse(bytes.toString('utf8')) as unknown;
    } catch (error) {
      throw new AppError('ARCHIVE_CORRUPT', `${name}: ${reason(error)}`, { member: name });
    }
  }

  /** The first bytes of a member as text (logs), or null when absent. */
  async readText(name: string, maxBytes: number): Promise<string | null> {
    const member = this.member(name);
    if (!member) return null;
    const bytes = await this.index.read(member, 0, Math.min(maxBytes, member.size));
    return bytes.toString('utf8');
  }
}
