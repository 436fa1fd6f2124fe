import { describeTextCases } from './run-text-cases';
import { COMMAND_CASES } from './text-cases';

describeTextCases('every other command over a hostile archive: no terminal control on stdout or stderr', COMMAND_CASES);
