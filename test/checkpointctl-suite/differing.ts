// Ported scenarios where ours does not yet show checkpointctl's facts, with
// the reason and whose area it is. They stay out of the test runs (a failing
// test cannot be committed) until fixed; then the line goes. The unit test
// checks that every name here is a scenario's.
export const DIFFERING: Readonly<Record<string, string>> = {
  '(no arguments)': 'ours exits 2 where checkpointctl prints its help and exits 0 (h-inspect)',
  'inspect with tar file and --ps-tree':
    'ours exits 3: the process list reads command lines (mm-*.img) that only --ps-tree-cmd/--ps-tree-env need (h-inspect)',
  'inspect with tar file and --files': 'ours exits 3: mm-*.img read for the plain tree, as above (h-inspect)',
  'inspect with tar file and --sockets': 'ours exits 3: mm-*.img read for the plain tree, as above (h-inspect)',
  'inspect with tar file and --ps-tree and valid PID':
    'ours exits 3: mm-*.img read for the plain tree, as above (h-inspect)',
  'memparse with tar file':
    'ours exits 3 on an archive without pages-*.img; checkpointctl lists the sizes from pagemap (h-mem)',
};
