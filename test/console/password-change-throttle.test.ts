import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient, createStaffAccount, TEST_PASSWORD } from '../support/console-client.js';
import { startTestService, type TestService } from '../support/test-service.js';

// Two console processes behind one load balancer: one database, one Redis prefix.
let a: TestService;
let b: TestService;

beforeAll(async () => {
  a = await startTestService();
  b = await startTestService({ database: a.database, env: { QUEUE_PREFIX: a.redis.prefix } });
  await createStaffAccount(a.service.db, { role: 'psychologist', email: 'ines@unidad.test' });
  await createStaffAccount(a.service.db, { role: 'psychologist', email: 'olga@unidad.test' });
}, 60_000);

afterAll(async () => {
  await b?.service.close();
  await a?.stop();
});

const json = { accept: 'application/json' };
const guess = (n: number) => ({ actual: `no-es-la-${n}`, nueva: 'una-contraseña-nueva-9', confirmacion: 'una-contraseña-nueva-9' });

describe('guessing the current password to change it', () => {
  it('is limited to ten tries a minute per account across every console process', async () => {
    const onA = new ConsoleClient(a.service.server);
    expect((await onA.signIn('ines@unidad.test')).statusCode).toBe(303);
    const onB = onA.sameSessionOn(b.service.server);
    const statuses: number[] = [];
    for (let n = 0; n < 12; n += 1) statuses.push((await (n % 2 === 0 ? onA : onB).post('/cuenta/contrasena', guess(n), json)).statusCode);
    // Ten wrong guesses are answered as such, half by each process; then both refuse.
    expect(statuses).toEqual([...Array<number>(10).fill(400), 429, 429]);
    const refused = await onB.post('/cuenta/contrasena', { actual: TEST_PASSWORD, nueva: 'una-contraseña-nueva-9', confirmacion: 'una-contraseña-nueva-9' }, json);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'rate_limited', field: 'actual', message: 'Demasiados intentos. Espera un minuto y vuelve a intentarlo.' });

    // Another account's budget is its own.
    const olga = new ConsoleClient(b.service.server);
    expect((await olga.signIn('olga@unidad.test')).statusCode).toBe(303);
    expect((await olga.post('/cuenta/contrasena', guess(0), json)).statusCode).toBe(400);
  });
});
