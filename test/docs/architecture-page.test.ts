import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

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
