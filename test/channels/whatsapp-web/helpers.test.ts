import { describe, expect, it } from 'vitest';
import { chatKind, phoneOfJid } from '../../../src/channels/whatsapp-web/chat-ids.js';
import { classifyStartupError, isTransient, restartDelay } from '../../../src/channels/whatsapp-web/failure.js';
import { OwnMessages } from '../../../src/channels/whatsapp-web/own-messages.js';

describe('WhatsApp ids', () => {
  it.each([
    ['5219981234567@c.us', 'person'],
    ['123456789012345@lid', 'lid'],
    ['120363012345678901@g.us', 'group'],
    ['status@broadcast', 'status'],
    ['1234@broadcast', 'broadcast'],
    ['120363999999999999@newsletter', 'newsletter'],
    ['nonsense', 'other'],
  ])('%s is a %s', (jid, kind) => {
    expect(chatKind(jid)).toBe(kind);
  });

  it('reads the number of a person id, dropping a device suffix, and nothing else', () => {
    expect(phoneOfJid('529981234567@c.us')).toBe('+529981234567');
    expect(phoneOfJid('529981234567:12@c.us')).toBe('+529981234567');
    // The old Mexican mobile form reads as the one WhatsApp reports.
    expect(phoneOfJid('5219981234567@c.us')).toBe('+529981234567');
    expect(phoneOfJid('123456789012345@lid')).toBeNull();
    expect(phoneOfJid('12@c.us')).toBeNull();
  });
});

describe('start-up failures', () => {
  it.each([
    [new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/'), 'network', true],
    ['auth timeout', 'auth_timeout', true],
    [new Error('Failed to launch the browser process!\n/usr/bin/chromium: not found'), 'browser_launch', false],
    [new Error('Browser was not found at the configured executablePath (/usr/bin/chromium)'), 'browser_launch', false],
    [new Error('The browser is already running for /data/session-acompana. Use a different `userDataDir` or stop the running browser first.'), 'browser_in_use', true],
    [new Error('Protocol error (Target.setDiscoverTargets): Target closed'), 'browser_crashed', true],
    [new Error('something else'), 'unknown', true],
  ])('classifies %s', (error, failure, transient) => {
    expect(classifyStartupError(error)).toBe(failure);
    expect(isTransient(classifyStartupError(error))).toBe(transient);
  });

  it('waits longer after each failure, never beyond the cap', () => {
    const half = () => 0.5;
    expect([1, 2, 3, 4].map((n) => restartDelay(n, 60_000, half))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(restartDelay(30, 60_000, half)).toBe(60_000);
    expect(restartDelay(30, 60_000, () => 0.99)).toBe(60_000);
    expect(restartDelay(1, 60_000, () => 0)).toBe(750);
  });
});

describe('own messages', () => {
  it('knows its sends by id, or by text while in flight, and nothing a person typed', () => {
    let now = 0;
    const own = new OwnMessages(() => now);
    const ticket = own.expect('Hola  Luz');
    expect(own.isOwn('ECHO-1', 'Hola Luz')).toBe(true);
    own.confirm(ticket, 'ECHO-1');
    expect(own.isOwn('ECHO-1', 'Hola Luz')).toBe(true);
    expect(own.isOwn('TYPED-1', 'Hola Luz')).toBe(false);

    const late = own.expect('tarde');
    own.abandon(late);
    now = 120_000;
    expect(own.isOwn('TYPED-2', 'tarde')).toBe(false);
  });
});
