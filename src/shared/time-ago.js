// Written once for both sides: the server renders it into the console's pages
// (src/console/views/*) and the browser's script keeps it up to date (src/console/public/console.js,
// which loads this file from /static/shared/time-ago.js). Plain JavaScript, no imports, so the
// browser runs it as it is; its types are in time-ago.d.ts.

/**
 * How long ago, in Spanish: `hace un momento`, `hace 5 min`, `hace 3 h`, `hace 1 día`, `hace 2 días`.
 *
 * @param {Date} since
 * @param {Date} now
 * @returns {string}
 */
export function timeAgo(since, now) {
  const minutes = Math.floor(Math.max(0, now.getTime() - since.getTime()) / 60_000);
  if (minutes < 1) return 'hace un momento';
  if (minutes < 60) return `hace ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `hace ${hours} h`;
  const days = Math.floor(hours / 24);
  return days === 1 ? 'hace 1 día' : `hace ${days} días`;
}
