import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject, buildProjectIfStale } from '../../scripts/build/compile.mjs';
import { buildIsCurrent } from '../../scripts/build/freshness.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the compiled build of this project', () => {
  it('is in place and current after prepare, with the files beside the modules, and the command answers in Spanish', async () => {
    await run(process.execPath, ['scripts/prepare.mjs'], { cwd: ROOT });
    for (const file of [
      'main.js',
      'main.js.map',
      'cli/main.js',
      'generated/prisma/client.js',
      'shared/time-ago.js',
      'console/public/console.js',
      'console/views/report-charts.js',
      'channels/simulator/page.html',
      'channels/whatsapp-web/link-page.html',
    ]) {
      expect(existsSync(join(ROOT, 'dist', file)), file).toBe(true);
    }
    expect(buildIsCurrent(ROOT)).toBe(true);
    const { stdout, stderr } = await run(process.execPath, ['bin/acompana.mjs', '--help'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' } });
    expect(stdout + stderr).toMatch(/^uso: acompana <comando>/);
  }, 120_000);
});

/**
 * A project of one module, `src/cli/main.ts`, which prints its own file and its first argument, and
 * throws when that argument is `falla`; with this project's `bin/acompana.mjs`, build scripts and
 * node_modules.
 */
async function tinyProject(): Promise<{ root: string; writeMain(word: string): Promise<void>; acompana(arg: string): Promise<{ out: string; err: string }> }> {
  const root = await mkdtemp(join(tmpdir(), 'acompana-build-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  await mkdir(join(root, 'src', 'cli'), { recursive: true });
  await mkdir(join(root, 'bin'));
  await writeFile(join(root, 'package.json'), '{ "type": "module" }\n');
  await copyFile(join(ROOT, 'bin', 'acompana.mjs'), join(root, 'bin', 'acompana.mjs'));
  await symlink(join(ROOT, 'scripts'), join(root, 'scripts'));
  await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  await writeFile(join(root, 'src', 'cli', 'page.html'), '<p>hola</p>\n');
  await writeFile(join(root, 'src', 'cli', 'types.d.ts'), 'export type Word = string;\n');
  return {
    root,
    async writeMain(word) {
      await writeFile(
        join(root, 'src', 'cli', 'main.ts'),
        [
          `const arg: string = process.argv[2] ?? '';`,
          `interface Unused { field: number }`,
          `if (arg === 'falla') throw new Error('falla a propósito');`,
          `console.log(\`${word} \${new URL(import.meta.url).pathname}\`);`,
          '',
        ].join('\n'),
      );
    },
    async acompana(arg) {
      const result = await run(process.execPath, [join(root, 'bin', 'acompana.mjs'), arg], { cwd: root }).catch(
        (error: { stdout: string; stderr: string }) => error,
      );
      return { out: result.stdout.trim(), err: result.stderr };
    },
  };
}

describe('acompana runs the build only while it is of the current sources', () => {
  it('runs dist/ when current and the sources through tsx as soon as one changes, never the older build', async () => {
    const project = await tinyProject();
    await project.writeMain('primera');
    expect((await project.acompana('x')).out).toMatch(/^primera .*\/src\/cli\/main\.ts$/);

    await buildProject(project.root);
    expect(existsSync(join(project.root, 'dist', 'cli', 'page.html'))).toBe(true);
    expect(existsSync(join(project.root, 'dist', 'cli', 'types.d.js'))).toBe(false);
    expect((await project.acompana('x')).out).toMatch(/^primera .*\/dist\/cli\/main\.js$/);

    await project.writeMain('segunda');
    expect(buildIsCurrent(project.root)).toBe(false);
    expect((await project.acompana('x')).out).toMatch(/^segunda .*\/src\/cli\/main\.ts$/);

    expect(await buildProjectIfStale(project.root)).toEqual({ built: true, modules: 1 });
    expect(await buildProjectIfStale(project.root)).toEqual({ built: false, modules: 0 });
    expect((await project.acompana('x')).out).toMatch(/^segunda .*\/dist\/cli\/main\.js$/);
  }, 60_000);

  it('counts an added or deleted file as a change, and a file put back as it was as none', async () => {
    const project = await tinyProject();
    await project.writeMain('una');
    await buildProject(project.root);
    const extra = join(project.root, 'src', 'cli', 'extra.ts');
    await writeFile(extra, 'export const extra = 1;\n');
    expect(buildIsCurrent(project.root)).toBe(false);
    await unlink(extra);
    expect(buildIsCurrent(project.root)).toBe(true);
    await unlink(join(project.root, 'src', 'cli', 'page.html'));
    expect(buildIsCurrent(project.root)).toBe(false);
  }, 60_000);

  it('names the TypeScript file and line in a stack trace from the build', async () => {
    const project = await tinyProject();
    await project.writeMain('una');
    await buildProject(project.root);
    expect(buildIsCurrent(project.root)).toBe(true);
    const { err } = await project.acompana('falla');
    expect(err).toContain('falla a propósito');
    // The compiled module has the line one higher (the interface is gone): line 3 is the source map's doing.
    expect(err).toMatch(/src\/cli\/main\.ts:3:/);
    expect(err).not.toContain('dist/cli/main.js');
  }, 60_000);
});
