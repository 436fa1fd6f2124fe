import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../../../electron/cli/exit-codes';
import { parse, pidOption } from '../../../electron/cli/format/parse';
import { runCli } from '../../../electron/cli/main';

describe('argument parsing', () => {
  it('turns unknown options into usage errors', () => {
    expect(() => parse(['--nope'], {}, 'usage')).toThrow(CliUsageError);
    expect(parse(['a.tar', '--pid', '4'], { pid: { type: 'string' } }, 'u').values.pid).toBe('4');
  });

  it('accepts only process ids for --pid', () => {
    expect(pidOption('42')).toBe(42);
    expect(pidOption(undefined)).toBeUndefined();
    for (const bad of ['0', '-1', 'x', '1e3', '99999999']) expect(() => pidOption(bad)).toThrow(CliUsageError);
  });

  it('gives exit code 2 for a command without its archive', async () => {
    const write = process.stderr.write;
    process.stderr.write = () => true;
    try {
      for (const cmd of ['show', 'inspect', 'memparse', 'decode', 'rootfs']) expect(await runCli([cmd]), cmd).toBe(2);
    } finally {
      process.stderr.write = write;
    }
  });
});
