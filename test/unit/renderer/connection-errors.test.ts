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

  it('says the host stopped (not "open the URL with its token") when this page had been connected', () => {
    expect(refusedConnection('no-answer', true)).toMatchObject({
      code: 'HOST_UNREACHABLE',
      message:
        'the browser host that served this page stopped and is not running now: start it again and open the URL it prints',
    });
    const replaced = refusedConnection({ status: 401 }, true);
    expect(replaced.code).toBe('HOST_UNREACHABLE');
    expect(replaced.message).toContain('stopped');
    expect(replaced.message).not.toContain('token');
    // A wrong Host or Origin is still a refusal, connected before or not.
    expect(refusedConnection({ status: 403 }, true)).toMatchObject({ code: 'FORBIDDEN' });
  });
});
