import { describe, expect, it } from 'vitest';
import { threadsLabel } from '../../../renderer/src/screens/archive/processes/threads-label';

describe('the Threads section label', () => {
  it('says what a lone "1" is', () => {
    expect(threadsLabel([1], 1)).toBe('1 thread, thread ids (TID): 1 (main thread)');
  });
  it('counts several and marks the main thread', () => {
    expect(threadsLabel([7, 8, 9], 7)).toBe('3 threads, thread ids (TID): 7 (main thread), 8, 9');
  });
  it('says when none were recorded', () => {
    expect(threadsLabel([], 3)).toBe('No threads recorded in the checkpoint');
  });
});
