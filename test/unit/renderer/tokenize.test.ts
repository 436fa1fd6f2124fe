import { describe, expect, it } from 'vitest';
import { languageOf, tokenizeLine, type Token } from '../../../renderer/src/lib/tokenize';

const kinds = (tokens: Token[]) => tokens.map((t) => `${t.kind}:${t.text}`);

describe('languageOf', () => {
  it('picks the language from the name, then from the first bytes', () => {
    expect(languageOf('/app/config.json', '')).toBe('json');
    expect(languageOf('/data/x', '  {"a":1}')).toBe('json');
    expect(languageOf('/entry.sh', '')).toBe('shell');
    expect(languageOf('/usr/bin/run', '#!/bin/sh\necho')).toBe('shell');
    expect(languageOf('/etc/hosts', '127.0.0.1 localhost')).toBe('config');
    expect(languageOf('/srv/app.yaml', 'a: 1')).toBe('config');
    expect(languageOf('/data/log.txt', 'web started')).toBe('plain');
  });
});

describe('tokenizeLine', () => {
  it('splits JSON into keys, strings, numbers, literals and punctuation', () => {
    expect(kinds(tokenizeLine('{"pid": 7, "ok": true, "x": "y"}', 'json'))).toEqual([
      'punct:{',
      'key:"pid"',
      'punct::',
      'text: ',
      'number:7',
      'punct:,',
      'text: ',
      'key:"ok"',
      'punct::',
      'text: ',
      'keyword:true',
      'punct:,',
      'text: ',
      'key:"x"',
      'punct::',
      'text: ',
      'string:"y"',
      'punct:}',
    ]);
  });

  it('finds shell comments, variables, keywords and quoted strings', () => {
    const tokens = tokenizeLine('if [ "$HOME" ]; then echo ${PATH} # done', 'shell');
    expect(tokens).toContainEqual({ kind: 'keyword', text: 'if' });
    expect(tokens).toContainEqual({ kind: 'string', text: '"$HOME"' });
    expect(tokens).toContainEqual({ kind: 'variable', text: '${PATH}' });
    expect(tokens).toContainEqual({ kind: 'keyword', text: 'echo' });
    expect(tokens[tokens.length - 1]).toEqual({ kind: 'comment', text: '# done' });
  });

  it('marks config keys and sections', () => {
    expect(tokenizeLine('[server]', 'config')[0]).toEqual({ kind: 'key', text: '[server]' });
    expect(kinds(tokenizeLine('port = 8080', 'config')).slice(0, 1)).toEqual(['key:port']);
    expect(tokenizeLine('# comment', 'config')).toEqual([{ kind: 'comment', text: '# comment' }]);
  });

  it('loses no character: the tokens join back to the line', () => {
    const lines = [
      '{"a": [1, 2.5e3, null], "b\\"": "c"}',
      'x=$((1+2)) && ls -l | grep "a b" > /dev/null',
      'key: "unterminated',
      '\u0000\u001b[31m',
    ];
    for (const language of ['json', 'shell', 'config', 'plain'] as const) {
      for (const line of lines)
        expect(
          tokenizeLine(line, language)
            .map((t) => t.text)
            .join(''),
        ).toBe(line);
    }
  });

  it('leaves very long lines as one text token (no regex work on hostile input)', () => {
    const line = '"'.repeat(5000);
    expect(tokenizeLine(line, 'json')).toEqual([{ kind: 'text', text: line }]);
  });
});
