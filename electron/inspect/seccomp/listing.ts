import type { BpfInsn } from './bpf';

/** Names of seccomp_data's words, by offset, for the listing. */
const DATA_WORDS: Readonly<Record<number, string>> = { 0: 'nr', 4: 'arch', 8: 'ip_lo', 12: 'ip_hi' };

function dataWord(k: number): string {
  const known = DATA_WORDS[k];
  if (known) return known;
  if (k >= 16 && k < 64) return `args[${Math.floor((k - 16) / 8)}]${(k - 16) % 8 === 0 ? '_lo' : '_hi'}`;
  return `[${k}]`;
}

const JUMPS: Readonly<Record<number, string>> = { 0x10: 'jeq', 0x20: 'jgt', 0x30: 'jge', 0x40: 'jset' };
const ALUS = ['add', 'sub', 'mul', 'div', 'or', 'and', 'lsh', 'rsh', 'neg', 'mod', 'xor'];

/** One instruction as text, bpf_dbg style ("ld [nr]", "jeq #0x3b, 4, 0", "ret #0x7fff0000"). */
export function insnText(insn: BpfInsn, pc: number): string {
  const { code, jt, jf, k } = insn;
  const hex = `#0x${k.toString(16)}`;
  const cls = code & 0x07;
  const mode = code & 0xe0;
  const reg = cls === 0x01 ? 'ldx' : 'ld';
  switch (cls) {
    case 0x00:
    case 0x01:
      if (mode === 0x20) return `${reg} [${dataWord(k)}]`;
      if (mode === 0x60) return `${reg} M[${k}]`;
      if (mode === 0x80) return `${reg} #len`;
      return `${reg} ${hex}`;
    case 0x02:
      return `st M[${k}]`;
    case 0x03:
      return `stx M[${k}]`;
    case 0x04: {
      const op = ALUS[(code & 0xf0) >> 4] ?? `alu?${code.toString(16)}`;
      return op === 'neg' ? 'neg' : `${op} ${(code & 0x08) !== 0 ? 'x' : hex}`;
    }
    case 0x05: {
      const op = code & 0xf0;
      if (op === 0x00) return `ja ${pc + 1 + k}`;
      const src = (code & 0x08) !== 0 ? 'x' : hex;
      return `${JUMPS[op] ?? `j?${op.toString(16)}`} ${src}, ${pc + 1 + jt}, ${pc + 1 + jf}`;
    }
    case 0x06:
      return (code & 0x18) === 0x10 ? 'ret a' : `ret ${hex}`;
    default:
      return (code & 0xf8) === 0x80 ? 'txa' : 'tax';
  }
}
