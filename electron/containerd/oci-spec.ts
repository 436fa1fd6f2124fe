// The one reader of a container record's OCI spec (an Any whose value is the
// spec as JSON): bounded, never throwing, saying why when there is none.
import type { ContainerRecord } from './messages';

export const MAX_SPEC_BYTES = 16 * 1024 * 1024;

export type SpecRead = { spec: Record<string, unknown>; problem: null } | { spec: null; problem: string };

export function readSpec(record: Pick<ContainerRecord, 'spec'>): SpecRead {
  const value = record.spec?.value;
  const none = (problem: string): SpecRead => ({ spec: null, problem });
  if (!value || value.length === 0) return none('containerd holds no OCI spec for this container');
  if (value.length > MAX_SPEC_BYTES)
    return none(`the OCI spec is ${value.length} bytes, over the ${MAX_SPEC_BYTES} this view reads`);
  let spec: unknown;
  try {
    spec = JSON.parse(Buffer.from(value).toString('utf8'));
  } catch {
    return none('the OCI spec containerd holds is not JSON');
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    return none('the OCI spec containerd holds is not a JSON object');
  return { spec: spec as Record<string, unknown>, problem: null };
}
