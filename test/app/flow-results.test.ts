import { describe, expect, it } from 'vitest';
import { savedResults } from '../../src/app/flow-results.js';
import type { FlowEvent } from '../../src/engine/index.js';

describe('the results a step saved', () => {
  it('takes the category, or none, and the flow each was saved in across a goto', () => {
    const events: FlowEvent[] = [
      { type: 'result_saved', name: 'animo', value: 'Mal', choice: 'mal', category: 'mal', node: 'pregunta' },
      { type: 'message', node: 'pregunta', text: '…' },
      { type: 'flow_entered', node: 'ir', from: 'seguimiento', flow: 'cierre', start: 'saludo' },
      { type: 'result_saved', name: 'comentario', value: 'Me cuesta dormir', node: 'comentario' },
    ];
    expect(savedResults('seguimiento', events)).toEqual([
      { flowId: 'seguimiento', name: 'animo', category: 'mal' },
      { flowId: 'cierre', name: 'comentario', category: null },
    ]);
  });

  it('is empty when the step saved nothing', () => {
    expect(savedResults('primer-contacto', [{ type: 'wait', node: 'momento' }])).toEqual([]);
  });
});
