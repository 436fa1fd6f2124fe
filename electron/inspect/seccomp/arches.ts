import type { SeccompArchView } from '../../../shared/dto';
import { AARCH64_SYSCALLS, I386_SYSCALLS, X86_64_SYSCALLS } from './syscall-tables';

export interface SeccompArch {
  arch: SeccompArchView['arch'];
  /** AUDIT_ARCH_* (include/uapi/linux/audit.h): seccomp_data.arch. */
  auditArch: number;
  /** Syscall number -> name, by number. */
  syscalls: ReadonlyMap<number, string>;
}

function table(text: string): Map<number, string> {
  const words = text.trim().split(/\s+/);
  const out = new Map<number, string>();
  for (let i = 0; i + 1 < words.length; i += 2) out.set(Number(words[i]), words[i + 1]!);
  return out;
}

let arches: SeccompArch[] | null = null;

/** The architectures filters are decoded for, the native one of our testbeds first. */
export function seccompArches(): readonly SeccompArch[] {
  arches ??= [
    { arch: 'x86_64', auditArch: 0xc000003e, syscalls: table(X86_64_SYSCALLS) },
    { arch: 'i386', auditArch: 0x40000003, syscalls: table(I386_SYSCALLS) },
    { arch: 'aarch64', auditArch: 0xc00000b7, syscalls: table(AARCH64_SYSCALLS) },
  ];
  return arches;
}
