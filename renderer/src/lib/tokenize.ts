export type TokenKind = 'key' | 'string' | 'number' | 'keyword' | 'comment' | 'punct' | 'variable' | 'text';
export interface Token {
  kind: TokenKind;
  text: string;
}
export type Language = 'json' | 'shell' | 'config' | 'plain';

const SHELL_KEYWORDS = new Set(
  'if then else elif fi for while until do done case esac in function return export local set unset exit echo exec'.split(
    ' ',
  ),
);
const LITERALS = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off']);

export function languageOf(path: string, sample: string): Language {
  const name = path.toLowerCase();
  if (/\.(json|jsonl)$/.test(name) || /^\s*[{[]/.test(sample)) return 'json';
  if (/\.(sh|bash|zsh|profile|bashrc)$/.test(name) || sample.startsWith('#!')) return 'shell';
  if (/\.(conf|cfg|ini|toml|ya?ml|env|properties)$/.test(name) || name.startsWith('/etc/')) return 'config';
  return 'plain';
}

/**
 * One line into tokens by a few regular expressions: enough colour to read
 * JSON, shell and config files, and only ever text (rendered as React text).
 */
export function tokenizeLine(line: string, language: Language): Token[] {
  if (language === 'plain' || line.length > 4000) return [{ kind: 'text', text: line }];
  const out: Token[] = [];
  const rules = RULES[language];
  let i = 0;
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };
  outer: while (i < line.length) {
    for (const [kind, re] of rules) {
      re.lastIndex = i;
      const m = re.exec(line);
      if (m && m.index === i && m[0].length > 0) {
        flush();
        const text = m[0];
        const resolved =
          kind === 'text' && SHELL_KEYWORDS.has(text)
            ? 'keyword'
            : kind === 'text' && LITERALS.has(text)
              ? 'keyword'
              : kind;
        out.push({ kind: resolved, text });
        i += text.length;
        continue outer;
      }
    }
    plain += line[i];
    i += 1;
  }
  flush();
  return out;
}

const RULES: Record<Exclude<Language, 'plain'>, [TokenKind, RegExp][]> = {
  json: [
    ['key', /"(?:[^"\\]|\\.)*"(?=\s*:)/y],
    ['string', /"(?:[^"\\]|\\.)*"?/y],
    ['number', /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y],
    ['keyword', /\b(?:true|false|null)\b/y],
    ['punct', /[{}[\],:]/y],
  ],
  shell: [
    ['comment', /#.*/y],
    ['string', /"(?:[^"\\]|\\.)*"?|'[^']*'?/y],
    ['variable', /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@#?*$!-]/y],
    ['number', /\b\d+\b/y],
    ['text', /[A-Za-z_][A-Za-z0-9_-]*/y],
    ['punct', /[|&;()<>]+/y],
  ],
  config: [
    ['comment', /^\s*[#;].*/y],
    ['key', /^\s*\[[^\]]*\]/y],
    ['key', /^\s*[A-Za-z0-9_.-]+(?=\s*[=:])/y],
    ['string', /"(?:[^"\\]|\\.)*"?|'[^']*'?/y],
    ['number', /\b\d+(?:\.\d+)?\b/y],
    ['text', /[A-Za-z_][A-Za-z0-9_-]*/y],
    ['punct', /[=:]/y],
  ],
};
