/** How crit prints bytes fields: base64 (pb2dict.encode_base64) and quoted-printable for unix socket names. */
/** Python's base64.encodebytes: lines of 76 characters (57 bytes), each ending in "\n". */
export function base64Lines(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let out = '';
  for (let i = 0; i < buf.length; i += 57) out += `${buf.subarray(i, i + 57).toString('base64')}\n`;
  return out;
}

const MAX_QP_LINE = 76;

function qpHex(byte: number): string {
  return `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Python's quopri.encodestring (binascii.b2a_qp, text mode): crit's 'unix_name' conversion. */
export function quotedPrintable(data: Uint8Array): string {
  const nl = data.indexOf(0x0a);
  const eol = nl > 0 && data[nl - 1] === 0x0d ? '\r\n' : '\n';
  let out = '';
  let lineLength = 0;
  const n = data.length;
  for (let i = 0; i < n;) {
    const c = data[i]!;
    const next = i + 1 < n ? data[i + 1] : undefined;
    const lonelyDot =
      c === 0x2e && lineLength === 0 && (next === undefined || next === 0x0a || next === 0x0d || next === 0);
    const trailingSpace = (c === 0x09 || c === 0x20) && next === undefined;
    const control = c < 33 && c !== 0x0d && c !== 0x0a && c !== 0x09 && c !== 0x20;
    if (c > 126 || c === 0x3d || lonelyDot || trailingSpace || control) {
      if (lineLength + 3 >= MAX_QP_LINE) {
        out += `=${eol}`;
        lineLength = 0;
      }
      out += qpHex(c);
      lineLength += 3;
      i++;
    } else if (c === 0x0a || (c === 0x0d && next === 0x0a)) {
      lineLength = 0;
      const last = out.charCodeAt(out.length - 1);
      if (out.length > 0 && (last === 0x20 || last === 0x09)) out = out.slice(0, -1) + qpHex(last);
      out += eol;
      i += c === 0x0d ? 2 : 1;
    } else {
      if (next !== undefined && next !== 0x0a && lineLength + 1 >= MAX_QP_LINE) {
        out += `=${eol}`;
        lineLength = 0;
      }
      lineLength++;
      out += String.fromCharCode(c);
      i++;
    }
  }
  return out;
}
