import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { PathSegment } from '../nodes/node-kind.js';

/** A 1-based line and column in a source text. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Finds where a path of a parsed YAML document is written, so problems found in the data can be
 * reported at the right line and column.
 */
export class SourceMap {
  constructor(
    private readonly source: string,
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The line and column of a character offset. */
  position(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /**
   * Where `path` is written: its key (`at: 'key'`) or its value. A path that does not exist (a
   * missing field) resolves to the key of the deepest part that does. `needle` moves the position
   * to where that piece of text appears inside the value, when it does.
   */
  locate(path: readonly PathSegment[], at: 'key' | 'value', needle?: string): SourcePosition {
    let node: unknown = this.document.contents;
    let keyNode: Node | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (pair === undefined) return this.startOf(keyNode ?? node);
        keyNode = pair.key as Node;
        node = pair.value ?? undefined;
        if (node === undefined) return this.startOf(keyNode);
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        keyNode = undefined;
        node = node.items[segment];
      } else {
        return this.startOf(keyNode ?? node);
      }
    }
    if (at === 'key' && keyNode !== undefined) return this.startOf(keyNode);
    if (needle !== undefined && isScalar(node) && node.range) {
      const index = this.source.slice(node.range[0], node.range[1]).indexOf(needle);
      if (index >= 0) return this.position(node.range[0] + index);
    }
    return this.startOf(node);
  }

  private startOf(node: unknown): SourcePosition {
    const range = (node as Partial<Node> | null | undefined)?.range;
    return this.position(range ? range[0] : 0);
  }
}
