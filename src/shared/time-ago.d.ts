/**
 * How long ago, in Spanish: `hace un momento`, `hace 5 min`, `hace 3 h`, `hace 1 día`, `hace 2 días`.
 * One source for the server's pages and the browser's live refresh (see time-ago.js).
 *
 * @example
 * timeAgo(new Date('2026-11-28T12:00Z'), new Date('2026-11-28T15:10Z')); // 'hace 3 h'
 */
export function timeAgo(since: Date, now: Date): string;
