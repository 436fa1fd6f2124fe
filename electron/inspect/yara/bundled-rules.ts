// The starter rules we ship (resources/yara-rules), inlined as text by the
// bundlers (`?raw`), so no host has to find a resources folder at run time.
import cloudCredentials from '../../../resources/yara-rules/cloud-credentials.yar?raw';
import miner from '../../../resources/yara-rules/miner.yar?raw';
import privateKeys from '../../../resources/yara-rules/private-keys.yar?raw';
import reverseShell from '../../../resources/yara-rules/reverse-shell.yar?raw';
import type { RuleSource } from './engine';

export const BUNDLED_RULES: readonly RuleSource[] = [
  { name: 'bundled:reverse-shell.yar', text: reverseShell },
  { name: 'bundled:miner.yar', text: miner },
  { name: 'bundled:private-keys.yar', text: privateKeys },
  { name: 'bundled:cloud-credentials.yar', text: cloudCredentials },
];
