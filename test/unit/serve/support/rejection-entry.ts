// A stand-in host process: one operation rejects with nobody listening, then
// the process tries to go on serving.
import { logUnhandledRejections } from '../../../../electron/serve/rejection-log';

if (process.argv[2] === 'install') logUnhandledRejections(process);
void Promise.reject(Object.assign(new Error('could not open the archive'), { code: 'LIMIT_EXCEEDED' }));
setImmediate(() => process.stdout.write('still serving\n'));
