#!/usr/bin/env node
// Brings a checkout to a runnable state, doing only what is missing or stale:
//   1. `npm ci` when node_modules is absent or older than package-lock.json;
//   2. `prisma generate` when the generated client is absent or older than prisma/schema.prisma;
//   3. the build of `src/` into `dist/` (scripts/build.mjs), which `npm start` and the `acompana`
//      command run, when it is absent or any source changed since.
// It runs before `npm start`, `npm test` and the other scripts, so a clean clone needs no other step.
// Database creation and migrations happen when the service (or the test run) starts.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => join(root, ...parts);

/** A short digest of the given files' contents. */
function digest(...files) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(at(file)));
  return hash.digest('hex').slice(0, 16);
}

/** Runs a command in the project root, streaming its output; exits on failure. */
function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`prepare: ${command} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

function stamped(stampFile, value) {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8') === value;
}

function stamp(stampFile, value) {
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, value);
}

const lockDigest = digest('package-lock.json');
const installStamp = at('node_modules', '.acompana-install');
if (!stamped(installStamp, lockDigest)) {
  console.log('prepare: installing dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund'], { PUPPETEER_SKIP_DOWNLOAD: 'true' });
  stamp(installStamp, lockDigest);
}

const schemaDigest = digest('prisma/schema.prisma', 'package-lock.json');
const clientStamp = at('src', 'generated', 'prisma', '.acompana-schema');
if (!stamped(clientStamp, schemaDigest)) {
  console.log('prepare: generating the Prisma client');
  run(process.execPath, [at('node_modules', 'prisma', 'build', 'index.js'), 'generate'], { PRISMA_HIDE_UPDATE_MESSAGE: '1' });
  stamp(clientStamp, schemaDigest);
}

const { buildProjectIfStale } = await import('./build/compile.mjs');
const started = performance.now();
const build = await buildProjectIfStale(root);
if (build.built) console.log(`prepare: compiled ${build.modules} modules to dist/ in ${Math.round(performance.now() - started)} ms`);
