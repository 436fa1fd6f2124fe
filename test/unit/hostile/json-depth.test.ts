import { describe, expect, it } from 'vitest';
import { jsonDepth, MAX_JSON_DEPTH } from '../../../electron/inspect/json-depth';

const depth = (text: string) => jsonDepth(Buffer.from(text));

describe('jsonDepth', () => {
  it('counts nesting of arrays and objects, not brackets inside strings', () => {
    expect(depth('1')).toBe(0);
    expect(depth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(depth('{"a":"[[[[{{{{","b":"\\"[["}')).toBe(1);
  });

  it('stops counting just past the limit, so a depth bomb costs one scan', () => {
    const bomb = Buffer.from(`${'['.repeat(5 * 1024 * 1024)}${']'.repeat(5 * 1024 * 1024)}`);
    const started = Date.now();
    expect(jsonDepth(bomb)).toBe(MAX_JSON_DEPTH + 1);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
