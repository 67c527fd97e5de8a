import { e164 } from '../../app/phone-number.js';
import type { InterventionRow, LineOfAttention } from '../../app/records/intervention-row.js';
import { demoRandom } from './demo-random.js';

/** How many interventions the demo dataset has. */
export const DEMO_INTERVENTION_COUNT = 180;
/** Every demo folio starts with this. */
export const DEMO_FOLIO_PREFIX = 'DEMO-';
/** Demo numbers are `+5299900` and five digits: a range no real line uses. */
export const DEMO_PHONE_PREFIX = '+5299900';

const NAMES = ['Luz', 'Alba', 'Rosa', 'Marina', 'Flor', 'Estrella', 'Paloma', 'Aurora', 'Brisa', 'Lluvia', 'Perla', 'Coral', 'Jade', 'Nube', 'Azucena', 'Margarita'];
const DAY = 86_400_000;

/**
 * The demo interventions: {@link DEMO_INTERVENTION_COUNT} rows over the 90 days before `now`, in
 * roughly the unit's proportions (a fifth legal; three quarters within 12–48 h; a few follow-ups by
 * WhatsApp or video), with folios `DEMO-10001…`, numbers in {@link DEMO_PHONE_PREFIX} and aliases like
 * `Luz (demo)`. Some women appear twice (a later, subsequent attention joins her case). Deterministic
 * for a given `now`; the folios never change, so seeding again adds nothing.
 */
export function demoInterventions(now: Date): InterventionRow[] {
  const random = demoRandom(911);
  const rows: InterventionRow[] = [];
  for (let i = 0; i < DEMO_INTERVENTION_COUNT; i++) {
    const earlier = i > 20 && random.chance(0.06) ? rows[random.int(0, i - 10)] : undefined;
    const lineOfAttention: LineOfAttention = earlier
      ? 'atencion_subsecuente'
      : random.pick([...Array<LineOfAttention>(21).fill('acompanamiento_previo'), ...Array<LineOfAttention>(74).fill('intervencion_12_48h'), 'seguimiento', 'seguimiento', 'seguimiento', 'atencion_subsecuente', 'atencion_subsecuente']);
    const occurredAt = new Date(now.getTime() - random.int(0, 89 * 24) * 3_600_000 - random.int(0, 59) * 60_000);
    const hasPhone = earlier ? earlier.phone !== undefined : random.chance(0.75);
    rows.push({
      fileLine: i + 2,
      folio: `${DEMO_FOLIO_PREFIX}${10_001 + i}`,
      occurredAt: earlier && occurredAt <= earlier.occurredAt ? new Date(Math.min(earlier.occurredAt.getTime() + 3 * DAY, now.getTime() - 3_600_000)) : occurredAt,
      service: random.chance(0.19) ? 'juridica' : 'psicologica',
      lineOfAttention,
      channel: lineOfAttention === 'seguimiento' ? random.pick(['whatsapp', 'videollamada'] as const) : 'telefono_911',
      phone: earlier?.phone ?? (hasPhone ? e164.parse(`${DEMO_PHONE_PREFIX}${10_000 + i}`) : undefined),
      alias: earlier?.alias ?? (hasPhone ? `${random.pick(NAMES)} (demo)` : undefined),
      followUpConsent: hasPhone && random.chance(0.55),
      banavimFolio: !earlier && random.chance(0.34) ? `DEMO-BNV-${20_001 + i}` : undefined,
      // Video-call and BANAVIM consents are written with the follow-up (demo-follow-up.ts).
      videoCallConsent: null,
      banavimConsent: null,
    });
  }
  return rows;
}
