import { loadFlowFile } from '../src/engine/index.js';
const r = await loadFlowFile('test/engine/fixtures/invalid/bad-placeholder.yaml');
console.log(r.diagnostics.map((d) => d.formatted));
