import { describe, expect, it } from 'vitest';
import { connectionLost, refusedConnection } from '../../../renderer/src/api/connection-errors';

describe('browser client connection errors', () => {
  it('tells "host not running", "forbidden" and "connection dropped" apart', () => {
    expect(refusedConnection('no-answer')).toMatchObject({ code: 'HOST_UNREACHABLE' });
    expect(refusedConnection({ status: 401 })).toMatchObject({ code: 'FORBIDDEN' });
    expect(refusedConnection({ status: 403 }).message).toContain('HTTP 403');
    expect(refusedConnection({ status: 200 })).toMatchObject({ code: 'HOST_UNREACHABLE' });
    expect(connectionLost()).toMatchObject({ code: 'CONNECTION_LOST' });
  });
});
