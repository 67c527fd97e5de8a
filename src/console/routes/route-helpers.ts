import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ConsoleError } from '../../app/console/errors.js';
import type { StaffIdentity, StaffRole } from '../../app/console/ports.js';
import { wantsJson } from '../authorize.js';
import type { SafeHtml } from '../views/html.js';
import type { PageViewer } from '../views/layout.js';
import type { ConsoleDeps } from '../console-deps.js';

/** A text typed by staff: trimmed, not empty, at most `max` characters. */
export const typedText = (max: number) =>
  z
    .string('es obligatorio')
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'no puede estar vacío').max(max, `debe tener como máximo ${max} caracteres`));

/** A checkbox of a form: `si` when ticked, absent otherwise (a browser sends nothing for an unticked box). */
export const tickedBox = z.literal('si', 'debe ser «si» o no enviarse').optional();

/** `:caseId` in a path. */
export const caseParams = z.object({ caseId: z.uuid('debe ser el identificador de un caso') });

/** The signed-in staff member (only call behind `authorize`). */
export function staffOf(request: FastifyRequest): StaffIdentity {
  const staff = request.staff;
  if (!staff) throw new Error('staffOf called on a route without authorize()');
  return staff;
}

/** The signed-in staff member as the page header shows them, or `null`. */
export function viewerOf(request: FastifyRequest): (PageViewer & { id: string }) | null {
  if (!request.staff || !request.staffSession) return null;
  return { id: request.staff.id, role: request.staff.role as StaffRole, displayName: request.staffSession.displayName };
}

/**
 * Whether `error` refused a message for a word of the deny list (`denied_word`) sent by a form rather
 * than the page's script: the route answers with its page again, the text in the box and the checkbox
 * shown, so nothing typed is lost.
 */
export function formRefusedForWord(error: unknown, request: FastifyRequest): error is ConsoleError {
  return error instanceof ConsoleError && error.code === 'denied_word' && !wantsJson(request);
}

/** Sends an HTML page (or fragment) with `status`. */
export function sendHtml(reply: FastifyReply, markup: SafeHtml, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(markup.toString());
}

/** Where a staff member lands after signing in. */
export function homeOf(role: StaffRole): string {
  return role === 'admin' ? '/admin/personal' : '/';
}

/** The flows staff may start (a hand-back, a check-in), by id and name, in name order. */
export function flowChoices(deps: Pick<ConsoleDeps, 'flows'>): { id: string; name: string }[] {
  return [...deps.flows.values()].map((f) => ({ id: f.id, name: f.name })).sort((a, b) => a.name.localeCompare(b.name));
}
