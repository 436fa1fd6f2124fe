// The checkpoint config blob is a serialized google.protobuf.Any whose value
// is the container's OCI spec as JSON; spec.dump is that JSON.
import { AppError } from '../../shared/errors';
import { decodeAny } from '../containerd/proto-root';

export function decodeSpecBlob(blob: Buffer): Buffer {
  let value: Uint8Array;
  try {
    value = decodeAny(blob).value;
  } catch (error) {
    throw new AppError('CHECKPOINT_FAILED', `checkpoint config blob is not a protobuf Any: ${(error as Error).message}`);
  }
  const json = Buffer.from(value);
  try {
    JSON.parse(json.toString('utf8'));
  } catch {
    throw new AppError('CHECKPOINT_FAILED', 'checkpoint config blob does not hold a JSON spec');
  }
  return json;
}
