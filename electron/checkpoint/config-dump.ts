// config.dump, with the JSON keys containerd's CRI writes (checkpointctl's
// ContainerConfig), so tools that read CRI archives read ours the same way.
export interface ConfigDump {
  id: string;
  name: string;
  rootfsImage?: string;
  rootfsImageRef?: string;
  rootfsImageName?: string;
  runtime?: string;
  createdTime: string;
  checkpointedTime: string;
  restoredTime: string;
  restored: boolean;
}

/** Go's zero time.Time as JSON. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

export function buildConfigDump(input: {
  id: string;
  name: string | null;
  image: string;
  imageRef: string | null;
  runtime: string;
  createdTime: string | null;
  checkpointedAt: Date;
}): ConfigDump {
  const dump: ConfigDump = {
    id: input.id,
    name: input.name ?? input.id,
    createdTime: input.createdTime ?? GO_ZERO_TIME,
    checkpointedTime: input.checkpointedAt.toISOString(),
    restoredTime: GO_ZERO_TIME,
    restored: false,
  };
  // omitempty in Go: absent rather than "".
  if (input.image) dump.rootfsImage = input.image;
  if (input.imageRef) dump.rootfsImageRef = input.imageRef;
  if (input.image) dump.rootfsImageName = input.image;
  if (input.runtime) dump.runtime = input.runtime;
  return dump;
}

export function encodeConfigDump(dump: ConfigDump): Buffer {
  const ordered = {
    id: dump.id,
    name: dump.name,
    rootfsImage: dump.rootfsImage,
    rootfsImageRef: dump.rootfsImageRef,
    rootfsImageName: dump.rootfsImageName,
    runtime: dump.runtime,
    createdTime: dump.createdTime,
    checkpointedTime: dump.checkpointedTime,
    restoredTime: dump.restoredTime,
    restored: dump.restored,
  };
  return Buffer.from(JSON.stringify(ordered));
}
