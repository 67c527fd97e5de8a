import type { FastifyRequest } from 'fastify';
import type { Actor } from '../app/records/ports.js';

/** What a staff member may do in the console. */
export type StaffRole = 'psychologist' | 'coordinator' | 'admin';

/**
 * The signed-in staff member, as the console puts it on every request (the session hook of
 * src/console/auth/install-staff-auth.ts; undefined when nobody is signed in). Routes guard themselves
 * with `authorize(roles)` from src/console/authorize.ts.
 */
export interface RequestStaff {
  id: string;
  role: StaffRole;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The signed-in staff member, set by the console's authentication (a `preHandler`); absent on
     * routes that need no sign-in. Routes read it for the audit log.
     */
    staff?: RequestStaff;
  }
}

/** The audit actor of a console request: its staff member, through the console. */
export function actorOf(request: FastifyRequest): Actor {
  return { staffId: request.staff?.id ?? null, via: 'console' };
}
