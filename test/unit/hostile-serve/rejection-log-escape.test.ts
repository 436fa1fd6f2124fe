// The host's unhandled-rejection line carries a message that can hold archive
// text: it is logged with its control characters made visible.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { logUnhandledRejections } from '../../../electron/serve/rejection-log';
import { terminalControls } from '../../support/run-cli-process';

describe('unhandled rejection log line', () => {
  it('escapes the control characters of the message, in one line', () => {
    const proc = new EventEmitter();
    const lines: string[] = [];
    const stop = logUnhandledRejections(proc as unknown as NodeJS.Process, (line) => lines.push(line));
    const error = Object.assign(new Error('bad member \x1b]0;pwned\x07\x1b[2J\r\nfake line'), {
      code: 'ARCHIVE_CORRUPT',
    });
    proc.emit('unhandledRejection', error);
    stop();
    proc.emit('unhandledRejection', new Error('after stop'));
    expect(lines).toHaveLength(1);
    expect(terminalControls(Buffer.from(lines[0]!.slice(0, -1)))).toEqual([]);
    expect(lines[0]).toBe(
      'checkpoint-inspector serve: unhandled rejection, still serving: Error [ARCHIVE_CORRUPT]: bad member \\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x0afake line\n',
    );
  });
});
