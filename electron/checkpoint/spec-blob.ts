// The checkpoint config blob is a serialized google.protobuf.Any whose value
// is the container's OCI spec as JSON; spec.dump is that JSON.
import { AppError } from '../../shared/errors';
import { decodeAny } from '../containerd/proto-root';

const MAX_SPEC_JSON = 16 * 1024 * 1024;

export function decodeSpecBlob(blob: Buffer): Buffer {
  let value: Uint8Array;
  try {
    value = decodeAny(blob).value;
  } catch (error) {
    throw new AppError(
      'CHECKPOINT_FAILED',
      `checkpoint config blob is not a protobuf Any: ${(error as Error).message}`,
    );
  }
  const json = Buffer.from(value);
  try {
    JSON.parse(json.toString('utf8'));
  } catch {
    throw new AppError('CHECKPOINT_FAILED', 'checkpoint config blob does not hold a JSON spec');
  }
  return json;
}

/** The container record's spec (an Any whose value is the OCI spec as JSON), checked to be JSON. */
export function specJson(value: Uint8Array): Buffer {
  const json = Buffer.from(value);
  if (json.length > MAX_SPEC_JSON) throw new AppError('LIMIT_EXCEEDED', `the container's spec is ${json.length} bytes`);
  try {
    JSON.parse(json.toString('utf8'));
  } catch {
    throw new AppError('CHECKPOINT_FAILED', "the container's spec is not JSON");
  }
  return json;
}
