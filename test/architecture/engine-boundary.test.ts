import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE = resolve('src/engine');

/** Every TypeScript file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [resolve(path)] : [];
  });
}

/** The relative imports and re-exports in a file's source (type-only ones too), as absolute paths. */
function localImports(file: string, source = readFileSync(file, 'utf8')): string[] {
  return [...source.matchAll(/^(?:import|export)\b[^;'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => resolve(dirname(file), m[1]!));
}

/** `file → target` for each import of `file` that leaves src/engine. */
function importsLeavingEngine(file: string, source?: string): string[] {
  return localImports(file, source)
    .filter((target) => !target.startsWith(`${ENGINE}/`))
    .map((target) => `${relative(process.cwd(), file)} → ${relative(process.cwd(), target)}`);
}

describe('src/engine', () => {
  it('imports nothing from the rest of the project: its types (StaffText included) are its own', () => {
    const files = sourceFiles(ENGINE);
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((file) => importsLeavingEngine(file))).toEqual([]);
  });

  it('is caught when it does, type-only imports included', () => {
    const file = join(ENGINE, 'definition', 'diagnostic.ts');
    const source = "import type { Lang } from '../../app/records/import-problem.js';\nimport type { Severity } from './finding.js';\n";
    expect(importsLeavingEngine(file, source)).toEqual(['src/engine/definition/diagnostic.ts → src/app/records/import-problem.js']);
  });
});
