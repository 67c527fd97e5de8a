import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** What `acompana --help` prints, in the language asked for (Spanish by default). */
async function help(...lang: string[]): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, ['bin/acompana.mjs', '--help', ...lang], { env: { ...process.env, LOG_LEVEL: 'silent' } });
  return stdout + stderr;
}

describe('acompana --help', () => {
  it('speaks Mexican Spanish to staff, placeholders included', async () => {
    const text = await help();
    expect(text).toMatch(/^uso: acompana <comando>/);
    expect(text).toContain('banavim list [--staff CORREO]');
    expect(text).toContain('llena una base de datos de desarrollo');
    expect(text).toContain('cada plantilla de WhatsApp que usan los flujos');
    expect(text).not.toMatch(/\b(EMAIL|FILE|CASE_ID|fill a|every WhatsApp)\b/);
  }, 60_000);

  it('speaks English with --lang en', async () => {
    const text = await help('--lang', 'en');
    expect(text).toMatch(/^usage: acompana <command>/);
    expect(text).toContain('banavim list [--staff EMAIL]');
  }, 60_000);
});
