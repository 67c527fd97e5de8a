import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { NODE_KINDS, NODE_TYPES, nodeDefinitionSchema } from '../../src/engine/index.js';
import { FLOWS_GUIDE, renderNodeKinds, withNodeKinds } from '../../scripts/docs/node-kinds-page.js';

const guide = readFileSync(FLOWS_GUIDE, 'utf8');

describe('flows/README.md, the authors’ guide', () => {
  it('has a section for every node kind the engine declares', () => {
    const missing = NODE_TYPES.filter((type) => !guide.includes(`### \`${type}\``));
    expect(missing, 'run npm run docs:flows').toEqual([]);
  });

  it('holds the node-kind reference npm run docs:flows writes from the declarations today', () => {
    expect(guide.includes(renderNodeKinds()), 'flows/README.md is stale: run npm run docs:flows').toBe(true);
    expect(withNodeKinds(guide)).toBe(guide);
  });

  it('shows, for every kind, an example that is a valid node of that kind', () => {
    for (const kind of NODE_KINDS) {
      const nodes = parse(kind.guide.example) as Record<string, unknown>;
      expect(Object.keys(nodes).length, kind.type).toBeGreaterThan(0);
      for (const [id, node] of Object.entries(nodes)) {
        const parsed = nodeDefinitionSchema.safeParse(node);
        expect(parsed.success ? [] : parsed.error.issues, `${kind.type} example ${id}`).toEqual([]);
        expect((node as { type: string }).type, `${kind.type} example ${id}`).toBe(kind.type);
        expect(parsed.success && (kindCheck(kind.type, parsed.data) ?? []), `${kind.type} example ${id}`).toEqual([]);
      }
    }
  });
});

/** The findings a kind's own checks make on a node (two targets of a set, a question without exits…). */
function kindCheck(type: string, node: unknown): readonly unknown[] | undefined {
  const kind = NODE_KINDS.find((k) => k.type === type) as { check?: (n: unknown) => readonly unknown[] } | undefined;
  return kind?.check?.(node);
}
