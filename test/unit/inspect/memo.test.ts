import { describe, expect, it } from 'vitest';
import { Memo, once } from '../../../electron/inspect/memo';
import { isLiveTask } from '../../../electron/inspect/pstree';

describe('Memo and once keep one promise', () => {
  it('Memo loads a key once, its failure too, and never leaves a rejection unhandled', async () => {
    const memo = new Memo();
    let loads = 0;
    const fail = () => {
      loads++;
      return Promise.reject(new Error('broken image'));
    };
    const a = memo.get('core:1', fail);
    const b = memo.get('core:1', fail);
    expect(a).toBe(b);
    await expect(a).rejects.toThrow('broken image');
    expect(loads).toBe(1);
    expect(await memo.get('core:2', async () => 2)).toBe(2);
  });

  it('once makes its promise on the first call; peek does not make it', async () => {
    let loads = 0;
    const get = once(async () => ++loads);
    expect(get.peek()).toBeNull();
    expect(loads).toBe(0);
    expect(await get()).toBe(1);
    expect(await get()).toBe(1);
    expect(await get.peek()).toBe(1);
    expect(loads).toBe(1);
  });
});

describe('isLiveTask', () => {
  it('is true for alive and stopped tasks only, in our names and crit pretty ones', () => {
    for (const s of ['alive', 'stopped', 'TASK_ALIVE', 'TASK_STOPPED']) expect(isLiveTask(s)).toBe(true);
    for (const s of ['dead', 'zombie', 'helper', 'thread', 'unknown', 'UNKNOWN(9)']) expect(isLiveTask(s)).toBe(false);
  });
});
