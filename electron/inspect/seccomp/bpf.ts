// A classic BPF interpreter for seccomp filters, run over a seccomp_data whose
// nr and arch are known and whose arguments and instruction pointer are not:
// a jump on an unknown value takes both branches, so the result is every
// value the filter can return for that syscall and whether that depended on
// the arguments. Classic BPF only jumps forward, so every path ends; a step
// budget bounds filters whose argument checks multiply the paths.

/** One instruction: struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }. */
export interface BpfInsn {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

/** The kernel's BPF_MAXINSNS: a seccomp filter holds at most this many instructions. */
export const BPF_MAX_INSNS = 4096;

/** Steps one syscall's evaluation may take over all its paths before it gives up (answers unknown). */
export const BPF_STEP_BUDGET = 50_000;

/** Steps the decoding of one chain may take over every architecture and syscall (a hostile filter stays cheap). */
export const CHAIN_STEP_BUDGET = 5_000_000;

/** sizeof(struct seccomp_data): nr, arch, instruction_pointer, args[6]. */
const SECCOMP_DATA_SIZE = 64;

/** The filter's bytes as instructions (little-endian, as CRIU saves them from the x86/arm kernel). */
export function parseFilter(bytes: Uint8Array): BpfInsn[] {
  if (bytes.length % 8 !== 0)
    throw new Error(`a BPF program is whole 8-byte instructions; this one is ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: BpfInsn[] = [];
  for (let at = 0; at < bytes.length; at += 8) {
    out.push({
      code: view.getUint16(at, true),
      jt: view.getUint8(at + 2),
      jf: view.getUint8(at + 3),
      k: view.getUint32(at + 4, true),
    });
  }
  return out;
}

/** A register's value: a u32, or null when it came from the arguments or the instruction pointer. */
type Value = number | null;

interface State {
  pc: number;
  a: Value;
  x: Value;
  mem: Value[];
}

export interface BpfOutcome {
  /** Every value RET can give; null in the set means "computed from unknown data". */
  returns: Set<number | null>;
  /** A jump or a return depended on an unknown value. */
  dependsOnArgs: boolean;
  /** The program did something seccomp's checker refuses (bad jump, load, opcode): the kernel would not have loaded it. */
  invalid: string | null;
  /** The step budget ran out before every path ended. */
  exhausted: boolean;
  /** Steps taken. */
  steps: number;
}

const u32 = (n: number): number => n >>> 0;

function alu(op: number, a: number, b: number): number | 'div0' {
  switch (op) {
    case 0x00:
      return u32(a + b);
    case 0x10:
      return u32(a - b);
    case 0x20:
      return u32(Math.imul(a, b));
    case 0x30:
      return b === 0 ? 'div0' : u32(Math.floor(a / b));
    case 0x40:
      return u32(a | b);
    case 0x50:
      return u32(a & b);
    case 0x60:
      return b >= 32 ? 0 : u32(a << b);
    case 0x70:
      return b >= 32 ? 0 : a >>> b;
    case 0x90:
      return b === 0 ? 'div0' : a % b;
    case 0xa0:
      return u32(a ^ b);
    default:
      return u32(-a);
  }
}

/** Which branch a conditional jump takes, or null when it depends on unknown data. */
function jumpTaken(op: number, a: Value, b: Value): boolean | null {
  if (a === null || b === null) return null;
  switch (op) {
    case 0x10:
      return a === b;
    case 0x20:
      return a > b;
    case 0x30:
      return a >= b;
    default:
      return (a & b) !== 0;
  }
}

/** Loads a 32-bit word of seccomp_data: nr and arch are known, the rest is not. */
function loadWord(offset: number, nr: number, arch: number): Value | 'bad' {
  if (offset % 4 !== 0 || offset >= SECCOMP_DATA_SIZE) return 'bad';
  if (offset === 0) return u32(nr);
  if (offset === 4) return u32(arch);
  return null;
}

/** Runs the program for one syscall number and architecture over every path the unknown data allows. */
export function runFilter(prog: readonly BpfInsn[], nr: number, arch: number, budget = BPF_STEP_BUDGET): BpfOutcome {
  const out: BpfOutcome = { returns: new Set(), dependsOnArgs: false, invalid: null, exhausted: false, steps: 0 };
  if (prog.length === 0 || prog.length > BPF_MAX_INSNS) {
    out.invalid = `a filter has 1 to ${BPF_MAX_INSNS} instructions; this one has ${prog.length}`;
    return out;
  }
  const stack: State[] = [{ pc: 0, a: 0, x: 0, mem: new Array<Value>(16).fill(0) }];
  const fail = (why: string, pc: number) => {
    out.invalid = `instruction ${pc}: ${why}`;
  };
  while (stack.length > 0 && out.invalid === null) {
    const s = stack.pop()!;
    for (;;) {
      if (++out.steps > budget) {
        out.exhausted = true;
        return out;
      }
      const insn = prog[s.pc];
      if (!insn) {
        fail('runs past the end of the program', s.pc);
        break;
      }
      const { code, k } = insn;
      const cls = code & 0x07;
      if (cls === 0x06) {
        // RET: K or A.
        const src = code & 0x18;
        const value = src === 0x10 ? s.a : src === 0x00 ? k : undefined;
        if (value === undefined) fail(`bad return source 0x${code.toString(16)}`, s.pc);
        else {
          if (value === null) out.dependsOnArgs = true;
          out.returns.add(value);
        }
        break;
      }
      if (cls === 0x00 || cls === 0x01) {
        // LD / LDX: W ABS, IMM, MEM, LEN.
        const mode = code & 0xe0;
        const size = code & 0x18;
        let value: Value | 'bad';
        if (mode === 0x00) value = u32(k);
        else if (mode === 0x60) value = k < 16 ? s.mem[k]! : 'bad';
        else if (mode === 0x80) value = SECCOMP_DATA_SIZE;
        else if (mode === 0x20 && size === 0x00 && cls === 0x00) value = loadWord(k, nr, arch);
        else value = 'bad';
        if (value === 'bad') {
          fail(`load 0x${code.toString(16)} k=${k} is not allowed in seccomp`, s.pc);
          break;
        }
        if (cls === 0x00) s.a = value;
        else s.x = value;
        s.pc++;
        continue;
      }
      if (cls === 0x02 || cls === 0x03) {
        // ST / STX into scratch memory.
        if (k >= 16) {
          fail(`store to M[${k}]`, s.pc);
          break;
        }
        s.mem[k] = cls === 0x02 ? s.a : s.x;
        s.pc++;
        continue;
      }
      if (cls === 0x04) {
        const op = code & 0xf0;
        if (op > 0xa0) {
          fail(`ALU op 0x${op.toString(16)}`, s.pc);
          break;
        }
        const b = op === 0x80 ? 0 : (code & 0x08) !== 0 ? s.x : k;
        if (s.a === null || b === null) s.a = null;
        else {
          const r = alu(op, s.a, b);
          if (r === 'div0') {
            // The kernel's interpreter returns 0 (KILL) on a division by zero at run time.
            out.returns.add(0);
            break;
          }
          s.a = r;
        }
        s.pc++;
        continue;
      }
      if (cls === 0x05) {
        const op = code & 0xf0;
        if (op === 0x00) {
          s.pc += 1 + k;
          continue;
        }
        if (op > 0x40) {
          fail(`jump op 0x${op.toString(16)}`, s.pc);
          break;
        }
        const b = (code & 0x08) !== 0 ? s.x : u32(k);
        const taken = jumpTaken(op, s.a, b);
        const toTrue = s.pc + 1 + insn.jt;
        const toFalse = s.pc + 1 + insn.jf;
        if (taken === null) {
          out.dependsOnArgs = true;
          stack.push({ pc: toFalse, a: s.a, x: s.x, mem: [...s.mem] });
          s.pc = toTrue;
        } else s.pc = taken ? toTrue : toFalse;
        continue;
      }
      // MISC: TAX / TXA.
      if ((code & 0xf8) === 0x00) s.x = s.a;
      else if ((code & 0xf8) === 0x80) s.a = s.x;
      else {
        fail(`misc op 0x${code.toString(16)}`, s.pc);
        break;
      }
      s.pc++;
    }
  }
  return out;
}
