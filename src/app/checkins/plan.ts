import { Duration } from 'luxon';
import { z } from 'zod';

const isoDuration = z
  .string()
  .refine((value) => Duration.fromISO(value).isValid, { message: 'must be an ISO 8601 duration such as PT12H or P3D' });

/**
 * One check-in of a plan, relative to the case's intervention time.
 *
 * @example
 * { "id": "primer_contacto", "flow": "primer-contacto", "after": "PT12H", "before": "PT48H" }
 */
export const planItemSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and _ only'),
  flow: z.string().min(1),
  /** How long after the intervention it is due. */
  after: isoDuration,
  /** The latest it may be sent, after the intervention; past it, the check-in is not created. */
  before: isoDuration.optional(),
});

/**
 * A plan template (`flows/plans/*.yaml`): the check-ins each enrolled case gets.
 *
 * @example
 * plan: seguimiento
 * checkins:
 *   - { id: primer_contacto, flow: primer-contacto, after: PT12H, before: PT48H }
 *   - { id: dia_3, flow: seguimiento, after: P3D }
 */
export const planSchema = z
  .strictObject({
    plan: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and - only'),
    description: z.string().optional(),
    checkins: z.array(planItemSchema).min(1, 'at least one check-in'),
  })
  .superRefine((plan, ctx) => {
    const seen = new Set<string>();
    plan.checkins.forEach((item, index) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['checkins', index, 'id'], message: `id "${item.id}" is used twice` });
      seen.add(item.id);
      if (item.before && Duration.fromISO(item.before).toMillis() <= Duration.fromISO(item.after).toMillis()) {
        ctx.addIssue({ code: 'custom', path: ['checkins', index, 'before'], message: 'must be later than after' });
      }
    });
  });

/** A validated plan. */
export type CheckInPlan = z.output<typeof planSchema>;
