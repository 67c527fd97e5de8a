#!/usr/bin/env node
// The `acompana` command. It runs the compiled CLI (`dist/cli/main.js`, built by scripts/build.mjs)
// when that build is of the sources exactly as they are now, and otherwise the TypeScript sources
// through tsx: someone who edited `src/` and did not build again runs what they wrote, never an older
// build. The check (scripts/build/freshness.mjs, the same one `scripts/prepare.mjs` uses) stats the
// source files without reading them: tens of milliseconds, where tsx costs most of a second. It does
// not build: that writes `dist/`, which a running service may be reading, and is `prepare`'s job
// (`npm start`, `npm test`). The image ships `dist/` without `src/`: there the build is all there is,
// and tsx is not installed.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = new URL('../dist/cli/main.js', import.meta.url);

async function compiledIsCurrent() {
  if (!existsSync(new URL('../src', import.meta.url))) return true;
  const { buildIsCurrent } = await import('../scripts/build/freshness.mjs');
  return buildIsCurrent(root);
}

if (await compiledIsCurrent()) {
  // Stack traces name the TypeScript file and line (as `--enable-source-maps` does for `npm start`).
  process.setSourceMapsEnabled(true);
  await import(compiled.href);
} else {
  const tsx = await import('tsx/esm/api').catch(() => null);
  if (!tsx) {
    console.error('acompana: la compilación en dist/ no corresponde al código en src/ y tsx no está instalado; ejecuta `node scripts/prepare.mjs`.');
    process.exit(1);
  }
  tsx.register();
  await import('../src/cli/main.ts');
}
