// Whether the compiled JavaScript in `dist/` was built from the sources as they are now.
//
// A build records a fingerprint of its inputs: the path, modification time and size of every file
// under `src/` (the generated Prisma client included), of `tsconfig.json` and `package-lock.json` (the
// compiler's settings and version) and of this folder's scripts. The build is current when the
// fingerprint taken now is the same: an edited, added or deleted file (or one restored with an older
// time) changes it. Taking it stats a few hundred files and reads none: tens of milliseconds, where
// running the sources through tsx costs most of a second, so the `acompana` command checks it at every
// start. It is taken before the build reads any source, so a file edited while the build runs makes the
// next check say stale.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder, beside `src/`, that holds the compiled JavaScript (`src/x/y.ts` → `dist/x/y.js`). */
export const OUTPUT_DIR = 'dist';

/** The file, inside the output folder, that holds the fingerprint of the inputs it was built from. */
export const STAMP_FILE = '.acompana-build';

const BUILD_SCRIPTS_DIR = dirname(fileURLToPath(import.meta.url));
const SETTINGS_FILES = ['tsconfig.json', 'package-lock.json'];

/** Every file under `dir`, as absolute paths (symbolic links followed), in no particular order. */
export function filesUnder(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && statSync(path).isDirectory())) files.push(...filesUnder(path));
    else files.push(path);
  }
  return files;
}

/**
 * The inputs of a build of the project at `root`: the source files (absolute paths) and the
 * fingerprint of every input, sources, settings and build scripts.
 */
export function buildInputs(root) {
  const sources = filesUnder(join(root, 'src'));
  const lines = [];
  const describe = (label, path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    lines.push(stat ? `${label}\0${stat.mtimeMs}\0${stat.size}` : `${label}\0absent`);
  };
  for (const path of sources) describe(relative(root, path), path);
  for (const name of SETTINGS_FILES) describe(name, join(root, name));
  for (const path of filesUnder(BUILD_SCRIPTS_DIR)) describe(`build:${relative(BUILD_SCRIPTS_DIR, path)}`, path);
  const fingerprint = createHash('sha256').update(lines.sort().join('\n')).digest('hex');
  return { sources, fingerprint };
}

/** The fingerprint the build in `outputDir` recorded, or null when there is no finished build. */
export function recordedFingerprint(outputDir) {
  const stamp = join(outputDir, STAMP_FILE);
  return existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
}

/** True when `root/dist` holds a build of the sources exactly as they are now. */
export function buildIsCurrent(root) {
  const recorded = recordedFingerprint(join(root, OUTPUT_DIR));
  return recorded !== null && recorded === buildInputs(root).fingerprint;
}
