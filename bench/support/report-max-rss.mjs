// Preloaded into a process a benchmark starts (`node --import ./bench/support/report-max-rss.mjs …`):
// at exit it writes the process's largest resident memory to standard error, as `max_rss_kb=N`.
process.on('exit', () => {
  process.stderr.write(`\nmax_rss_kb=${process.resourceUsage().maxRSS}\n`);
});
