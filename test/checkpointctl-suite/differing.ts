// Ported scenarios where ours does not yet show checkpointctl's facts, with
// the reason and whose area it is. They stay out of the test runs (a failing
// test cannot be committed) until fixed; then the line goes. The unit test
// checks that every name here is a scenario's.
export const DIFFERING: Readonly<Record<string, string>> = {};
