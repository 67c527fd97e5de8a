import type { Finding } from '../finding.js';
import type { FlowDefinition } from '../schema.js';
import type { FlowCheck, ValidationOptions } from './check.js';
import { categoriesNotReserved } from './categories-not-reserved.js';
import { choicesAreNotInterrupts } from './choices-are-not-interrupts.js';
import { everyNodeReachable } from './every-node-reachable.js';
import { flowIdMatchesFile } from './flow-id-matches-file.js';
import { flowReferencesExist } from './flow-references-exist.js';
import { noDeniedWords } from './no-denied-words.js';
import { noLoopWithoutQuestion } from './no-loop-without-question.js';
import { nodeKindChecks } from './node-kind-checks.js';
import { placeholdersAreKnown } from './placeholders-are-known.js';
import { resultsAreKnown } from './results-are-known.js';
import { startExists } from './start-exists.js';
import { targetsExist } from './targets-exist.js';
import { translationsComplete } from './translations-complete.js';
import { opensWithTemplate } from './opens-with-template.js';
import { opensWithOneMessage } from './opens-with-one-message.js';
import { templateMatchesText } from './template-matches-text.js';

/** Every static check, run in this order on a schema-valid flow. Add new checks here. */
export const FLOW_CHECKS: readonly FlowCheck[] = [
  flowIdMatchesFile,
  startExists,
  targetsExist,
  everyNodeReachable,
  noLoopWithoutQuestion,
  placeholdersAreKnown,
  noDeniedWords,
  nodeKindChecks,
  resultsAreKnown,
  flowReferencesExist,
  choicesAreNotInterrupts,
  categoriesNotReserved,
  translationsComplete,
  templateMatchesText,
  opensWithTemplate,
  opensWithOneMessage,
];

/** Runs every static check on a schema-valid flow definition. */
export function checkFlowDefinition(definition: FlowDefinition, options: ValidationOptions = {}): Finding[] {
  const context = { definition, options };
  return FLOW_CHECKS.flatMap((check) => [...check(context)]);
}
