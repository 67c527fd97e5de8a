/**
 * Who is signed in, on every request of the console (set by the session hook of
 * src/console/auth/install-staff-auth.ts; undefined when nobody is). Routes guard themselves with
 * `authorize(roles)` from src/console/authorize.ts.
 */
declare module 'fastify' {
  interface FastifyRequest {
    staff?: { id: string; role: 'psychologist' | 'coordinator' | 'admin' };
  }
}

export {};
