import { describeTextCases } from './run-text-cases';
import { INSPECT_CASES } from './text-cases';

describeTextCases('inspect over a hostile archive: every flag, tree output, no terminal control', INSPECT_CASES);
