import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startArguments } from '../support/run-main.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The Dockerfile's last `CMD`, in its JSON form. */
function imageCommand(): string[] {
  const commands = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('CMD '));
  return JSON.parse(commands.at(-1)!.slice('CMD '.length)) as string[];
}

describe('how the service is started', () => {
  it('the image runs Node with the options of npm start, which the tests and benchmarks also use', () => {
    expect(imageCommand()).toEqual(['node', ...startArguments()]);
  });

  it('keeps the young generation small: a semi-space of 8 MB (docs/benchmarks.md, "Service memory")', () => {
    expect(startArguments()).toContain('--max-semi-space-size=8');
  });

  it('lets the old generation grow by a fifth at a time (docs/benchmarks.md, "Heap growth")', () => {
    expect(startArguments()).toContain('--heap-growing-percent=20');
  });
});
