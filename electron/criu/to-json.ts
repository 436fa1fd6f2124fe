import type protobuf from 'protobufjs';
import { base64Lines, quotedPrintable } from './crit-bytes';
import { devForm, dictForm, flagsForm, hexForm, ipForm } from './crit-forms';
import { isRawMessage, type RawMessage, type RawValue } from './wire';

/**
 * A decoded message in crit's dict shape: the fields present on the wire, in
 * field-number order, enums by name.
 *
 * pretty = true: `crit decode --pretty` forms (hex strings, flag names,
 * "major:minor", dotted addresses, base64 bytes); integers outside the safe
 * range are bigints, exact (a JSON writer that knows bigint, as the CLI's
 * jsonText, writes them as crit does: numbers with every digit).
 * pretty = false: integers are numbers (bigint beyond 2^53), bytes are
 * Buffers, no option is applied; what the inspection layer computes with.
 */
export type EntryObject = Record<string, unknown>;

interface CriuOptions {
  hex?: boolean;
  ipadd?: boolean;
  flags?: string;
  dev?: boolean;
  odev?: boolean;
  dict?: string;
  conv?: string;
}

const optionCache = new WeakMap<protobuf.Field, CriuOptions>();

function criuOptions(field: protobuf.Field): CriuOptions {
  let cached = optionCache.get(field);
  if (cached === undefined) {
    const o = field.options ?? {};
    const bool = (key: string) => o[`(criu).${key}`] === true;
    const str = (key: string) => {
      const v: unknown = o[`(criu).${key}`];
      return typeof v === 'string' ? v : undefined;
    };
    cached = {
      hex: bool('hex'),
      ipadd: bool('ipadd'),
      flags: str('flags'),
      dev: bool('dev'),
      odev: bool('odev'),
      dict: str('dict'),
      conv: str('conv'),
    };
    optionCache.set(field, cached);
  }
  return cached;
}

const sortedFields = new WeakMap<protobuf.Type, protobuf.Field[]>();

function fieldsInOrder(type: protobuf.Type): protobuf.Field[] {
  let fields = sortedFields.get(type);
  if (fields === undefined) {
    fields = [...type.fieldsArray].sort((a, b) => a.id - b.id);
    sortedFields.set(type, fields);
  }
  return fields;
}

/** An exact integer: a number when a number holds it exactly, else the bigint. */
export function jsonInteger(value: number | bigint): number | bigint {
  if (typeof value === 'number') return value;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function castValue(field: protobuf.Field, value: RawValue, pretty: boolean, inheritedHex: boolean): unknown {
  const opts = criuOptions(field);
  const hex = inheritedHex || opts.hex === true;
  if (isRawMessage(value)) return messageToObject(value, pretty, hex);
  if (value instanceof Uint8Array) {
    if (!pretty) return Buffer.from(value);
    return opts.conv === 'unix_name' ? quotedPrintable(value) : base64Lines(value);
  }
  const resolved = field.resolvedType;
  if (resolved !== null && !('fields' in resolved) && typeof value === 'number') {
    return resolved.valuesById[value] ?? value;
  }
  if (typeof value !== 'number' && typeof value !== 'bigint') return value;
  if (!pretty) return value;
  if (hex) return hexForm(value);
  if (opts.dev === true) return devForm(value, opts.odev === true);
  if (opts.flags !== undefined) return flagsForm(value, opts.flags);
  if (opts.dict !== undefined) return dictForm(value, opts.dict, field.name) ?? jsonInteger(value);
  return jsonInteger(value);
}

/** Convert a decoded message to crit's dict shape (see EntryObject). */
export function messageToObject(msg: RawMessage, pretty: boolean, inheritedHex = false): EntryObject {
  const out: EntryObject = {};
  for (const field of fieldsInOrder(msg.type)) {
    const value = msg.fields.get(field.id);
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      if (pretty && criuOptions(field).ipadd === true && value.every((v) => typeof v === 'number')) {
        const address = ipForm(value);
        if (address !== undefined) {
          out[field.name] = [address];
          continue;
        }
      }
      out[field.name] = value.map((v) => castValue(field, v, pretty, inheritedHex));
    } else out[field.name] = castValue(field, value, pretty, inheritedHex);
  }
  return out;
}
