// Preloaded (node -r) into a measured child: reports its peak RSS on exit.
const { writeSync } = require('node:fs');
process.on('exit', () => {
  writeSync(2, `\n@@rss ${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })}\n`);
});
