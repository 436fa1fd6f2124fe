/**
 * Malformed calls derived from the contract's zod schemas: for every channel
 * and every field, the field missing, of the wrong type, a huge string,
 * negative, NaN/Infinity, fractional, too large, null, an object; plus an
 * extra field and arguments that are not an object. The expected outcome of
 * each comes from the schema itself (INVALID_ARGUMENT when it rejects).
 */
import type { z } from 'zod';
import { CHANNEL_NAMES, contract, type ChannelName } from '../../../shared/contract';

export interface Call {
  channel: ChannelName;
  label: string;
  args: unknown;
}

/** A valid value for every field name the contract uses (a new field without one fails the tests). */
export function validSeeds(ctx: { archiveId: string; tmp: string }): Record<string, unknown> {
  return {
    archiveId: ctx.archiveId,
    name: 'config.dump',
    path: 'www/index.html',
    offset: 0,
    length: 16,
    pid: 1,
    address: 0,
    key: 'k0',
    limit: 10,
    socketPath: `${ctx.tmp}/no-containerd.sock`,
    namespaces: ['k8s.io'],
    jobId: 'j0',
    containerId: 'c0',
    namespace: 'default',
    via: 'auto',
    fileName: 'x.tar',
    leaveRunning: true,
    timeoutSeconds: 5,
    outputFolder: ctx.tmp,
    folder: ctx.tmp,
    maskSecrets: true,
    theme: 'dark',
    kind: 'text',
    query: 'root',
    ignoreCase: false,
    utf16: false,
    context: 32,
    maxMatches: 10,
    from: 0,
    to: 4096,
    minLength: 4,
    memory: false,
    findingId: 'f0',
    id: 'pipe:1',
    archiveIdA: ctx.archiveId,
    archiveIdB: ctx.archiveId,
    parentArchiveId: ctx.archiveId,
    format: 'json',
    start: 0,
    end: 4096,
    filter: ['prot=r'],
    also: [{ kind: 'text', query: 'bin' }],
    tcpEstablished: false,
    bundled: true,
    files: [],
    reference: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  config.dump\n',
  };
}

interface FieldInfo {
  kind: string;
  optional: boolean;
}

function unwrap(schema: z.ZodType): FieldInfo {
  let def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
  let optional = false;
  while ((def.type === 'optional' || def.type === 'default') && def.innerType) {
    optional = true;
    def = (def.innerType as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
  }
  return { kind: def.type, optional };
}

export function fieldsOf(channel: ChannelName): Record<string, FieldInfo> {
  const args = contract[channel].args as unknown as {
    _zod: { def: { type: string } };
    shape?: Record<string, z.ZodType>;
  };
  if (args._zod.def.type !== 'object' || !args.shape) throw new Error(`${channel}: arguments are not an object schema`);
  return Object.fromEntries(Object.entries(args.shape).map(([k, v]) => [k, unwrap(v)]));
}

function badValues(kind: string, hugeLength: number): [string, unknown][] {
  const common: [string, unknown][] = [
    ['null', null],
    ['an object', { toString: 'x' }],
    ['an array', [1, 2]],
  ];
  const numbers: [string, unknown][] = [
    ['a string', '1'],
    ['negative', -1],
    ['-2^53', -(2 ** 53)],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['fractional', 1.5],
    ['2^53', 2 ** 53],
    ['1e308', 1e308],
    ['a bigint-like string', '9007199254740993'],
  ];
  const strings: [string, unknown][] = [
    ['a number', 42],
    ['a boolean', true],
    ['empty', ''],
    ['huge', 'a'.repeat(hugeLength)],
    ['a NUL', 'a\0b'],
    ['a traversal', '../../../../etc/passwd'],
  ];
  switch (kind) {
    case 'number':
      return [...numbers, ...common];
    case 'string':
    case 'enum':
      return [...strings, ['an unknown word', 'definitely-not-valid'], ...common];
    case 'boolean':
      return [['a string', 'true'], ['a number', 1], ...common];
    case 'array':
      return [
        ['a string', 'k8s.io'],
        ['huge', Array.from({ length: 10_000 }, () => 'x')],
        ['of numbers', [1]],
        ['of huge strings', ['a'.repeat(hugeLength)]],
        ...common,
      ];
    default:
      return common;
  }
}

/** Every malformed variant of every channel's call, around a valid baseline. */
export function malformedCalls(seeds: Record<string, unknown>, hugeLength: number): Call[] {
  const calls: Call[] = [];
  for (const channel of CHANNEL_NAMES) {
    const fields = fieldsOf(channel);
    const base: Record<string, unknown> = {};
    for (const name of Object.keys(fields)) {
      if (!(name in seeds)) throw new Error(`no valid seed for field ${name} of ${channel}`);
      base[name] = seeds[name];
    }
    for (const [label, args] of [
      ['a number as arguments', 42],
      ['a string as arguments', 'x'.repeat(hugeLength)],
      ['an array as arguments', [base]],
      ['an extra field', { ...base, extra: 1 }],
      [
        'a __proto__ field',
        JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(base).slice(1)}`.replace(', }', '}')) as unknown,
      ],
    ] as [string, unknown][]) {
      calls.push({ channel, label, args });
    }
    for (const [name, info] of Object.entries(fields)) {
      const rest = { ...base };
      delete rest[name];
      calls.push({ channel, label: `${name} missing`, args: rest });
      for (const [what, value] of badValues(info.kind, hugeLength)) {
        calls.push({ channel, label: `${name} ${what}`, args: { ...base, [name]: value } });
      }
    }
  }
  return calls;
}

/** Whether the channel's schema accepts these arguments (as dispatch sees them). */
export function schemaAccepts(call: Call): boolean {
  return contract[call.channel].args.safeParse(call.args ?? {}).success;
}
