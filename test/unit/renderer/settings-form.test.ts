import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/dto';
import { settingsPatch } from '../../../shared/schemas';
import { formProblems, parseNamespaces, patchOf, toForm } from '../../../renderer/src/shell/settings-form';

const settings: Settings = {
  socketPath: '/run/containerd/containerd.sock',
  namespaces: ['k8s.io'],
  outputFolder: '/var/lib/checkpoints',
  maskSecrets: true,
  theme: 'system',
};

describe('settings form', () => {
  it('round-trips settings without a change', () => {
    expect(patchOf(settings, toForm(settings))).toEqual({});
  });

  it('parses namespaces separated by commas or spaces, once each, and names the bad ones', () => {
    expect(parseNamespaces(' k8s.io, default  moby,k8s.io ')).toEqual({
      namespaces: ['k8s.io', 'default', 'moby'],
      invalid: [],
    });
    expect(parseNamespaces('ok, -bad, a/b').invalid).toEqual(['-bad', 'a/b']);
    expect(parseNamespaces('')).toEqual({ namespaces: [], invalid: [] });
  });

  it('reports what keeps the form from being saved', () => {
    const form = { ...toForm(settings), socketPath: ' ', namespaces: 'a/b', outputFolder: '' };
    expect(Object.keys(formProblems(form)).sort()).toEqual(['namespaces', 'outputFolder', 'socketPath']);
    expect(formProblems(toForm(settings))).toEqual({});
  });

  it('sends only what changed, trimmed, in a shape main accepts', () => {
    const form = {
      ...toForm(settings),
      socketPath: ' /tmp/c.sock ',
      namespaces: 'k8s.io default',
      maskSecrets: false,
      theme: 'dark' as const,
    };
    const patch = patchOf(settings, form);
    expect(patch).toEqual({
      socketPath: '/tmp/c.sock',
      namespaces: ['k8s.io', 'default'],
      maskSecrets: false,
      theme: 'dark',
    });
    expect(settingsPatch.safeParse(patch).success).toBe(true);
    expect(patchOf(settings, { ...toForm(settings), namespaces: '' })).toEqual({ namespaces: [] });
  });
});
