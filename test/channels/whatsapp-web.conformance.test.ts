import type { E164 } from '../../src/app/phone-number.js';
import { eventually } from '../support/test-service.js';
import { describeChannelConformance } from './conformance.js';
import { buildGateway } from './support/whatsapp-gateway.js';

describeChannelConformance('whatsapp-web (fake whatsapp-web.js client)', async () => {
  const g = await buildGateway();
  for (const n of ['529981230001', '529981230002']) g.world.registered.add(n);
  return {
    channel: g.channel,
    events: g.events,
    async connect() {
      await g.channel.start(g.events);
      await eventually(async () => (g.channel.health().state === 'ready' ? true : undefined), 5_000, 'ready');
    },
    async herText(from, text, id) {
      g.world.receive(`${from.slice(1)}@c.us`, text, { id });
    },
    async herVoiceNote(from, id) {
      g.world.receive(`${from.slice(1)}@c.us`, '', { id, type: 'ptt' });
    },
    async received(to: E164) {
      return g.world.textsTo(`${to.slice(1)}@c.us`);
    },
    async report(id, status) {
      g.world.ack(id, status === 'read' ? 3 : 2);
    },
    failNextSendTransiently() {
      g.world.sendFailures.push(new Error('Protocol error (Runtime.callFunctionOn): Target closed.'));
    },
    unreachableNumber: '+5219981239999' as E164,
    close: () => g.cleanup(),
  };
});
