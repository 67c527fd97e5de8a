import type { StaffDuty } from '../context.js';
import type { Language } from '../language.js';
import type { Interrupt } from './detect.js';
import { detectHoursRequest } from './hours-request.js';
import { detectPersonRequest } from './person-request.js';
import type { InterruptSettings } from './settings.js';
import { detectWhoIsWriting } from './who-is-writing.js';

/**
 * The interrupt a message holds that the host answers only where the question waiting for her does
 * not understand it, or no conversation is under way, in this order: her request for a person (or a
 * long message, or one that tells of harm: `detectPersonRequest`), someone asking who is writing
 * (`detectWhoIsWriting`), her request for other hours (`detectHoursRequest`). Null when none. `duty`
 * words the reply to her request for a person while nobody is on duty.
 *
 * @example
 * detectFallbackInterrupt(settings, '¿quién eres? no me escribas en la mañana')?.kind // 'who_is_writing'
 */
export function detectFallbackInterrupt(settings: InterruptSettings, text: string, language?: Language, duty?: StaffDuty): Interrupt | null {
  return detectPersonRequest(settings, text, language, duty) ?? detectWhoIsWriting(settings, text, language) ?? detectHoursRequest(settings, text, language);
}
