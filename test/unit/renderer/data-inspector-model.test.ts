import { describe, expect, it } from 'vitest';
import { inspectBytes, stringAt } from '../../../renderer/src/components/hex/data-inspector-model';

const valueOf = (rows: ReturnType<typeof inspectBytes>, type: string) => rows.find((r) => r.type === type)?.value;

describe('data inspector decoding', () => {
  const bytes = Uint8Array.from([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);

  it('reads every integer width, signed and unsigned, little endian', () => {
    const rows = inspectBytes(bytes, true);
    expect(valueOf(rows, 'u8')).toBe('254');
    expect(valueOf(rows, 'i8')).toBe('-2');
    expect(valueOf(rows, 'u16')).toBe('65534');
    expect(valueOf(rows, 'i16')).toBe('-2');
    expect(valueOf(rows, 'u32')).toBe('4294967294');
    expect(valueOf(rows, 'i32')).toBe('-2');
    expect(valueOf(rows, 'u64')).toBe('9223372036854775806');
    expect(valueOf(rows, 'i64')).toBe('9223372036854775806');
    expect(valueOf(rows, 'pointer')).toBe('0x7ffffffffffffffe');
  });

  it('reads big endian when asked', () => {
    const rows = inspectBytes(bytes, false);
    expect(valueOf(rows, 'u16')).toBe('65279');
    expect(valueOf(rows, 'i64')).toBe('-72057594037928065');
    expect(valueOf(rows, 'pointer')).toBe('0xfeffffffffffff7f');
  });

  it('reads floats', () => {
    const one = new Uint8Array(8);
    new DataView(one.buffer).setFloat64(0, 1.5, true);
    expect(valueOf(inspectBytes(one, true), 'f64')).toBe('1.5');
    const f32 = new Uint8Array(4);
    new DataView(f32.buffer).setFloat32(0, -0.25, false);
    expect(valueOf(inspectBytes(f32, false), 'f32')).toBe('-0.25');
  });

  it('gives no value to a type wider than the bytes left in the region', () => {
    const rows = inspectBytes(Uint8Array.from([1, 2, 3]), true);
    expect(valueOf(rows, 'u16')).toBe('513');
    expect(valueOf(rows, 'u32')).toBeNull();
    expect(valueOf(rows, 'f64')).toBeNull();
    expect(valueOf(rows, 'pointer')).toBeNull();
  });

  it('reads the string at the cursor up to a NUL', () => {
    expect(stringAt(new TextEncoder().encode('PATH=/bin\0rest'))).toBe('PATH=/bin');
    expect(valueOf(inspectBytes(Uint8Array.from([0, 65]), true), 'string')).toBe('(no printable text)');
  });
});
