import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { planSchema, type CheckInPlan } from './plan.js';

/** Raised when a plan file is invalid: one `file:line:column: message` per problem. */
export class PlanValidationError extends Error {
  /** Stable code for callers and logs. */
  readonly code = 'PLAN_INVALID';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'PlanValidationError';
  }
}

/**
 * Reads and validates a plan file, checking that every flow it names is deployed.
 *
 * @throws PlanValidationError naming the file, line and column of each problem.
 */
export async function loadPlan(file: string, deployedFlows: ReadonlySet<string>): Promise<CheckInPlan> {
  const source = await readFile(file, 'utf8');
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const yamlErrors = document.errors.map((e) => `${at(e.pos[0])}: ${e.message.split('\n')[0]}`);
  if (yamlErrors.length > 0) throw new PlanValidationError(yamlErrors);

  const locate = (path: readonly PropertyKey[]): string => {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = document.getIn(path.slice(0, depth) as (string | number)[], true);
      if (isNode(node) && node.range) return at(node.range[0]);
    }
    return `${file}:1:1`;
  };
  const parsed = planSchema.safeParse(document.toJS());
  if (!parsed.success) {
    throw new PlanValidationError(parsed.error.issues.map((issue) => `${locate(issue.path)}: ${issue.message}`));
  }
  const unknownFlows = parsed.data.checkins.flatMap((item, index) =>
    deployedFlows.has(item.flow) ? [] : [`${locate(['checkins', index, 'flow'])}: no flow named "${item.flow}" in the flows folder`],
  );
  if (unknownFlows.length > 0) throw new PlanValidationError(unknownFlows);
  return parsed.data;
}
