// The reference tools in ../shared/peers (see its README): compared against,
// never shipped. One place for where they are and for the message when one is
// missing, so every test fails the same clear way.
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CHECKPOINTCTL = path.resolve(__dirname, '../../../shared/peers/checkpointctl');

/** Throws, naming the path and the README, when the built checkpointctl is not there. */
export function assertCheckpointctl(): void {
  if (!existsSync(CHECKPOINTCTL))
    throw new Error(`checkpointctl is missing at ${CHECKPOINTCTL} (see ../shared/peers/README.md)`);
}
