import { describe, expect, it } from 'vitest';
import { e164, normalizePhoneNumber } from '../../src/app/phone-number.js';

describe('normalizePhoneNumber', () => {
  it.each([
    // Mexican mobiles: the old `+52 1` form and the form WhatsApp reports are the same number.
    ['+5219981234567', '+529981234567'],
    ['+529981234567', '+529981234567'],
    ['+52 1 998 123 4567', '+529981234567'],
    ['+52 1 (998) 123-4567', '+529981234567'],
    ['+52-1-998-123-4567', '+529981234567'],
    ['+52 (998) 123 45 67', '+529981234567'],
    ['  +52.998.123.4567  ', '+529981234567'],
    ['+52\u00a0998\u00a0123\u00a04567', '+529981234567'],
    // A Mexican number of 10 digits whose area code starts with 1 is not an old mobile prefix.
    ['+521234567890', '+521234567890'],
    // Twelve digits after +521 is not the old form either: left for the E.164 check.
    ['+52112345678901', '+52112345678901'],
    // Other countries keep their digits.
    ['+1 (555) 010-9999', '+15550109999'],
    ['+34 612 34 56 78', '+34612345678'],
    ['+44 7700 900123', '+447700900123'],
    // Not a number: returned as it came, for the check to refuse.
    ['9981234567', '9981234567'],
    ['+52 998 abc 4567', '+52 998 abc 4567'],
    ['', ''],
  ])('%j → %j', (raw, expected) => {
    expect(normalizePhoneNumber(raw)).toBe(expected);
  });
});

describe('e164', () => {
  it.each([
    ['+5219981234567', '+529981234567'],
    ['+52 1 998 123 4567', '+529981234567'],
    ['+1 555 010 9999', '+15550109999'],
  ])('reads %j as %j', (raw, expected) => {
    expect(e164.parse(raw)).toBe(expected);
  });

  it.each(['9981234567', '+0521234567', '+52', '+1234567890123456', '+52 998 abc 4567', '521998123456'])('refuses %j', (raw) => {
    expect(e164.safeParse(raw).success).toBe(false);
  });

  it('is idempotent: a normalized number reads as itself', () => {
    for (const raw of ['+5219981234567', '+52 1 (998) 123-4567', '+15550109999']) {
      const once = e164.parse(raw);
      expect(e164.parse(once)).toBe(once);
    }
  });
});
