import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkInJobSchema } from '../../src/scheduling/checkin-jobs.js';
import { sessionTimeoutJobSchema } from '../../src/scheduling/session-timeout-jobs.js';
import { appointmentReminderJobSchema } from '../../src/scheduling/appointment-reminder-jobs.js';
import { inboundJobSchema, sendJobSchema } from '../../src/scheduling/job-payloads.js';
import { MAINTENANCE_QUEUE } from '../../src/scheduling/maintenance-jobs.js';
import { QUEUE_NAMES } from '../../src/scheduling/queue-names.js';

/** Every repository path a page names in backticks (`src/app/`, `src/roles/core.ts`), without trailing punctuation. */
function pathsNamedIn(page: string): string[] {
  const named = [...readFileSync(page, 'utf8').matchAll(/`((?:src|test|bench|flows|prisma|scripts|docs)\/[^`\s]*)`/g)].map((m) => m[1]!);
  return [...new Set(named.map((path) => path.replace(/[.,:;]+$/, '')))];
}

describe('docs/architecture.md', () => {
  it('names folders and files that exist', () => {
    const paths = pathsNamedIn('docs/architecture.md');
    expect(paths.filter((p) => p.endsWith('/')).length, 'the page names folders').toBeGreaterThan(10);
    expect(paths.filter((path) => !existsSync(path)), 'named in docs/architecture.md but absent').toEqual([]);
  });
});

describe('docs/architecture.md, queues and job kinds', () => {
  const page = readFileSync('docs/architecture.md', 'utf8');
  const table = page.slice(page.indexOf('## Queues and job kinds'));

  it('lists every queue the service creates and every kind of job each carries', () => {
    const queues = [...Object.values(QUEUE_NAMES), MAINTENANCE_QUEUE];
    expect(queues.filter((queue) => !table.includes(`| \`${queue}\` |`)), 'queues missing from the table').toEqual([]);
    const kinds = [...inboundJobSchema.options, ...checkInJobSchema.options, ...sessionTimeoutJobSchema.options, appointmentReminderJobSchema, sendJobSchema].map((option) => option.shape.kind.value);
    expect(kinds.length).toBeGreaterThan(8);
    expect(kinds.filter((kind) => !table.includes(`\`${kind}\``)), 'job kinds missing from the table').toEqual([]);
  });
});

describe('README.md', () => {
  it('names folders and files that exist', () => {
    expect(pathsNamedIn('README.md').filter((path) => !existsSync(path))).toEqual([]);
  });

  it('links to pages that exist', () => {
    const links = [...readFileSync('README.md', 'utf8').matchAll(/\]\(((?:docs|flows)\/[^)#]+)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((link) => !existsSync(link))).toEqual([]);
  });
});
