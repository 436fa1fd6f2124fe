import { describe, expect, it } from 'vitest';
import type { ContainerInfo } from '../../../shared/dto';
import { groupByPod } from '../../../renderer/src/stores/pod-groups';

const c = (id: string, over: Partial<ContainerInfo> = {}): ContainerInfo =>
  ({ namespace: 'k8s.io', id, name: id, sandbox: false, sandboxId: null, ...over }) as ContainerInfo;

describe('groupByPod', () => {
  const sbA = c('sbA', { sandbox: true, name: 'web' });
  const sbB = c('sbB', { sandbox: true, name: 'db' });
  const a1 = c('a1', { sandboxId: 'sbA' });
  const b1 = c('b1', { sandboxId: 'sbB' });
  const plain = c('plain', { namespace: 'default' });
  const all = [plain, b1, a1, sbB, sbA];

  it('puts each pod row before its containers, containers of no pod last', () => {
    const { rows, nested } = groupByPod(all);
    expect(rows.map((r) => r.id)).toEqual(['sbB', 'b1', 'sbA', 'a1', 'plain']);
    expect([...nested].map((r) => r.id).sort()).toEqual(['a1', 'b1']);
  });

  it("a filtered container brings its pod's row; a container whose sandbox is elsewhere is not nested", () => {
    const { rows, nested } = groupByPod([a1], all);
    expect(rows.map((r) => r.id)).toEqual(['sbA', 'a1']);
    const stray = c('x', { sandboxId: 'sbA', namespace: 'other' });
    expect(groupByPod([stray], all).nested.size).toBe(0);
    expect(nested.has(a1)).toBe(true);
  });
});
