import { formatDiagnostic, type Diagnostic } from './diagnostic.js';

/**
 * Flows that cannot be used, with every diagnostic, one per line in `message` (in English: an error's
 * message is for logs and developers; `diagnostics` keep both languages for staff). Thrown by
 * `loadFlowDirectoryOrThrow` for a caller to stop with a clear error.
 *
 * @example
 * // FlowValidationError: FLOW_INVALID: 2 problems in flow files:
 * // flows/primer-contacto.yaml:12:11: "next" points to "fin2", ...
 * // flows/primer-contacto.yaml:30:3: node "viejo" can never be reached from the start node "saludo"
 */
export class FlowValidationError extends Error {
  override readonly name = 'FlowValidationError';
  readonly code = 'FLOW_INVALID';

  constructor(readonly diagnostics: readonly Diagnostic[]) {
    const count = diagnostics.length === 1 ? '1 problem' : `${diagnostics.length} problems`;
    super(`FLOW_INVALID: ${count} in flow files:\n${diagnostics.map((d) => formatDiagnostic(d, 'en')).join('\n')}`);
  }
}
