// containerd's own checkpoint image (see archive/containerd-checkpoint-index.ts)
// made into the archive containerd's CRI writes, so every view reads it:
// config.dump (from the index's annotations), spec.dump (the config blob),
// checkpoint/ (the CRIU image tar, names checked) and rootfs-diff.tar (the rw
// layer, decompressed). Every blob's size and sha256 are checked as it is
// read; a blob that fails leaves no archive (ArchiveFile writes a temporary
// file and renames it at the end).
import { createHash } from 'node:crypto';
import { AppError, isAppError } from '../../shared/errors';
import type { ContainerdCheckpointIndex } from '../archive/containerd-checkpoint-index';
import type { Descriptor } from '../archive/oci-descriptor';
import { ArchiveFile, assertCanWrite } from './archive-file';
import { ArchiveNotes } from './archive-notes';
import { buildConfigDump, encodeConfigDump, GO_ZERO_TIME } from './config-dump';
import { copyCriuImages } from './criu-images';
import { rootfsMember, ROOTFS_DIFF } from './rootfs-member';
import { decodeSpecBlob } from './spec-blob';

const MAX_SPEC_BLOB = 16 * 1024 * 1024;

/** Where the image's blobs are read: containerd's content store, or an OCI layout's blobs/. */
export interface BlobSource {
  /** For messages: the socket and namespace, or the layout's path. */
  readonly where: string;
  /** A blob's bytes in order (checked by the caller against its descriptor). */
  stream(d: Descriptor): AsyncIterable<Buffer>;
}

export interface ImageArchiveFacts {
  /** The checkpoint image's name: config.dump's id and name (the image records no container id). */
  name: string;
  /** When the image was made (containerd's created_at), else unknown. */
  createdAt: Date | null;
}

function corrupt(where: string, message: string): AppError {
  return new AppError('ARCHIVE_CORRUPT', `${where}: ${message}`);
}

/** The blob's bytes, failing as soon as there are more than its size and at the end when the digest differs. */
export async function* checkedBlob(src: BlobSource, d: Descriptor): AsyncIterable<Buffer> {
  const where = `${src.where}: blob ${d.digest}`;
  const hash = createHash('sha256');
  let seen = 0;
  for await (const chunk of src.stream(d)) {
    seen += chunk.length;
    if (seen > d.size) throw corrupt(where, `more than the ${d.size} bytes its descriptor says`);
    hash.update(chunk);
    yield chunk;
  }
  if (seen !== d.size) throw corrupt(where, `${seen} bytes, its descriptor says ${d.size}`);
  const hex = hash.digest('hex');
  if (hex !== d.hex) throw corrupt(where, `its sha256 is ${hex}, not what the index says`);
}

async function blobBuffer(src: BlobSource, d: Descriptor, maxBytes: number): Promise<Buffer> {
  if (d.size > maxBytes)
    throw new AppError('LIMIT_EXCEEDED', `${src.where}: blob ${d.digest} is ${d.size} bytes, above ${maxBytes}`);
  const parts: Buffer[] = [];
  for await (const chunk of checkedBlob(src, d)) parts.push(chunk);
  return Buffer.concat(parts);
}

function configDumpOf(idx: ContainerdCheckpointIndex, facts: ImageArchiveFacts): Buffer {
  const dump = buildConfigDump({
    id: facts.name,
    name: null,
    image: idx.imageName ?? '',
    imageRef: idx.imageName && idx.imageTarget ? `${idx.imageName.split('@')[0]}@${idx.imageTarget.digest}` : null,
    runtime: idx.runtime ?? '',
    createdTime: null,
    checkpointedAt: facts.createdAt ?? new Date(0),
  });
  if (!facts.createdAt) dump.checkpointedTime = GO_ZERO_TIME;
  return encodeConfigDump(dump);
}

/** Writes the archive at outputPath (atomically); its size in bytes and the notes it carries. */
export async function writeContainerdCheckpointArchive(
  src: BlobSource,
  idx: ContainerdCheckpointIndex,
  outputPath: string,
  facts: ImageArchiveFacts,
): Promise<{ bytes: number; notes: ArchiveNotes }> {
  const notes = new ArchiveNotes();
  notes.add({
    code: 'IMAGE_NO_CONTAINER_ID',
    member: 'config.dump',
    message: `made from containerd's checkpoint image ${facts.name}, which records no container id or name; config.dump names the image instead`,
  });
  await assertCanWrite(outputPath, idx.criuTar.size + (idx.rwLayer?.size ?? 0), 'the checkpoint image needs');
  const archive = await ArchiveFile.create(outputPath);
  try {
    await archive.addBuffer('config.dump', configDumpOf(idx, facts));
    if (idx.config) {
      await archive.addBuffer('spec.dump', decodeSpecBlob(await blobBuffer(src, idx.config, MAX_SPEC_BLOB)));
    } else {
      notes.add({ code: 'NO_SPEC', member: 'spec.dump', message: 'the checkpoint image holds no container spec' });
    }
    await copyCriuImages(checkedBlob(src, idx.criuTar), archive);
    if (idx.rwLayer) {
      const rw = idx.rwLayer;
      await rootfsMember(
        archive,
        { media_type: rw.mediaType, digest: rw.digest, size: rw.size, annotations: {} },
        checkedBlob(src, rw),
      );
    } else {
      notes.add({
        code: 'NO_ROOTFS_DIFF',
        member: ROOTFS_DIFF,
        message:
          'the checkpoint image holds no rw layer (made without --rw): the file changes of the container are not in it',
      });
    }
    await notes.writeTo(archive, { via: 'image', how: 'containerd-checkpoint-image' });
    const bytes = await archive.commit();
    return { bytes, notes };
  } catch (error) {
    await archive.abort();
    // The CRIU tar's own checks speak of a checkpoint; here the tar came from an image someone gave us.
    if (isAppError(error) && error.code === 'CHECKPOINT_FAILED') throw corrupt(src.where, error.message);
    throw error;
  }
}
