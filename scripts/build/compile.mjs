// Compiles `src/**/*.ts` to JavaScript in `dist/`, file by file (no bundling), so that every module
// keeps its place: `src/x/y.ts` → `dist/x/y.js`, and paths taken from `import.meta.url` (the console's
// public files, the simulator's page, the migrations' project root two folders up) still point where
// they did. Every other file under `src/` (the console's scripts and styles, the pages, `shared/*.js`)
// is copied beside the output. Each module gets a source map, so with `--enable-source-maps` a stack
// trace names the TypeScript file and line.
//
// esbuild only strips the types (the type check is `tsc --noEmit`). The build goes to a temporary folder
// next to `dist/` and replaces it with two renames at the end, so a process starting meanwhile finds the
// old build or the new one, never half of one.
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { buildInputs, buildIsCurrent, OUTPUT_DIR, STAMP_FILE } from './freshness.mjs';

/** The oldest Node the code runs on (package.json "engines"); esbuild lowers nothing older needs. */
const TARGET = 'node20.19';

/** Compiles the project at `root` into `root/dist`, whatever is there. Resolves with the number of modules. */
export async function buildProject(root) {
  const { sources, fingerprint } = buildInputs(root);
  const staging = join(root, `${OUTPUT_DIR}.tmp-${process.pid}-${Date.now()}`);
  try {
    const modules = sources.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'));
    const { build } = await import('esbuild');
    await build({
      absWorkingDir: root,
      entryPoints: modules,
      outdir: staging,
      outbase: join(root, 'src'),
      bundle: false,
      platform: 'node',
      format: 'esm',
      target: TARGET,
      sourcemap: 'linked',
      // Stack traces need only the mappings; the sources stay in `src/`, not in memory.
      sourcesContent: false,
      logLevel: 'warning',
    });
    for (const path of sources) {
      if (path.endsWith('.ts')) continue;
      const target = join(staging, relative(join(root, 'src'), path));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(path, target);
    }
    writeFileSync(join(staging, STAMP_FILE), `${fingerprint}\n`);
    replaceOutput(staging, join(root, OUTPUT_DIR));
    return modules.length;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Compiles the project at `root` unless `dist/` already holds a build of its current sources. */
export async function buildProjectIfStale(root) {
  if (buildIsCurrent(root)) return { built: false, modules: 0 };
  return { built: true, modules: await buildProject(root) };
}

/**
 * Puts the finished `staging` folder in place of `output`. Two builds running at once (two test runs,
 * `npm start` during one) each place a complete build; the last one stays.
 */
function replaceOutput(staging, output) {
  for (let attempt = 0; ; attempt += 1) {
    const previous = `${output}.old-${process.pid}-${attempt}`;
    try {
      renameSync(output, previous);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
    try {
      renameSync(staging, output);
      rmSync(previous, { recursive: true, force: true });
      return;
    } catch (error) {
      rmSync(previous, { recursive: true, force: true });
      // Another build put its output in place between the two renames: move that aside too.
      if ((error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') || attempt >= 5) throw error;
    }
  }
}
