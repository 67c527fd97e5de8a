import type { CompiledFlow } from '../engine/index.js';

/** The validated flows the service runs, by flow id. */
export type FlowRegistry = ReadonlyMap<string, CompiledFlow>;
