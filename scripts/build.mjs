#!/usr/bin/env node
// Compiles the TypeScript under `src/` to JavaScript in `dist/` (see build/compile.mjs), which
// `npm start`, the image and the `acompana` command run. `scripts/prepare.mjs` runs it whenever the
// sources changed since the last build, so nobody needs to type it:
//   node scripts/build.mjs             # build now
//   node scripts/build.mjs --if-stale  # build only when dist/ is missing or older than the sources
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProject, buildProjectIfStale } from './build/compile.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
if (process.argv.includes('--if-stale')) {
  const { built, modules } = await buildProjectIfStale(root);
  if (built) console.log(`build: compiled ${modules} modules to dist/ in ${Math.round(performance.now() - started)} ms`);
} else {
  const modules = await buildProject(root);
  console.log(`build: compiled ${modules} modules to dist/ in ${Math.round(performance.now() - started)} ms`);
}
