import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every TypeScript file under `dir`, except the generated Prisma client. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [resolve(path)] : [];
  });
}

/** The relative imports and re-exports of a file (type-only ones too), as absolute `.ts` paths. */
function localImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^(?:import|export)\b[^;'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) =>
    resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')),
  );
}

/** The import cycles of a graph, each as the files along it from where it was entered. */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const path: string[] = [];
  const onPath = new Set<string>();
  const finished = new Set<string>();
  const visit = (file: string) => {
    if (finished.has(file)) return;
    path.push(file);
    onPath.add(file);
    for (const next of graph.get(file) ?? []) {
      if (onPath.has(next)) cycles.push(path.slice(path.indexOf(next)));
      else visit(next);
    }
    path.pop();
    onPath.delete(file);
    finished.add(file);
  };
  for (const file of graph.keys()) visit(file);
  return cycles;
}

describe('imports under src/', () => {
  const graph = new Map(sourceFiles('src').map((file) => [file, localImports(file)]));

  it('reads the imports of the code', () => {
    const handleInbound = graph.get(resolve('src/app/handle-inbound.ts')) ?? [];
    expect(handleInbound).toContain(resolve('src/app/run-turn.ts'));
    expect(cyclesOf(new Map([['a', ['b']], ['b', ['a']]]))).toEqual([['a', 'b']]);
  });

  it('form no cycle, type-only imports included: a shared type goes in a file of its own', () => {
    const cycles = cyclesOf(graph).map((cycle) => cycle.map((file) => relative(process.cwd(), file)).join(' → '));
    expect(cycles).toEqual([]);
  });
});
