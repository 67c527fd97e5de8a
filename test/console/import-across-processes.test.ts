import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { startTestService, type TestService } from '../support/test-service.js';

// Two console processes behind one load balancer: one database, one Redis prefix.
let a: TestService;
let b: TestService;
let redis: Redis;
let owner: ConsoleClient;
let colleague: ConsoleClient;

beforeAll(async () => {
  a = await startTestService();
  b = await startTestService({ database: a.database, env: { QUEUE_PREFIX: a.redis.prefix } });
  redis = new Redis(a.redis.url);
  await createStaffAccount(a.service.db, { role: 'coordinator', email: 'coordinacion@unidad.test' });
  await createStaffAccount(a.service.db, { role: 'coordinator', email: 'otra@unidad.test' });
  owner = new ConsoleClient(a.service.server);
  await owner.signIn('coordinacion@unidad.test');
  await owner.refreshCsrf('/importar');
  colleague = new ConsoleClient(b.service.server);
  await colleague.signIn('otra@unidad.test');
  await colleague.refreshCsrf('/importar');
}, 60_000);

afterAll(async () => {
  redis?.disconnect();
  await b?.service.close();
  await a?.stop();
});

const HEADER = 'Folio;Fecha y hora;Servicio;Vertiente;Canal;Teléfono;Alias;Consentimiento seguimiento;Folio BANAVIM';

/** Uploads a two-row file (folios `<folio>-1` and `<folio>-2`, a number ending in the folio's last digit) and returns the checked page's revision. */
async function check(client: ConsoleClient, folio: string): Promise<string> {
  const rows = [
    `${folio}-1;01/12/2026 10:00;Psicológica;Intervención 12-48 h;911;(998) 555-010${folio.slice(-1)};Luz;sí;`,
    `${folio}-2;02/12/2026 18:30;Jurídica;Acompañamiento previo;WhatsApp;;;;`,
  ];
  const file = Buffer.from(`${HEADER}\r\n${rows.join('\r\n')}\r\n`, 'latin1');
  const boundary = '----acompana-prueba';
  const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const payload = Buffer.concat([
    Buffer.from([part('_csrf', client.csrf), part('hoja', ''), part('codificacion', '')].join('')),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="archivo"; filename="intervenciones.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await client.request({ method: 'POST', url: '/importar', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  expect(res.statusCode).toBe(200);
  expect(res.body).toContain('La revisión espera 30 minutos');
  return /name="revision" value="([0-9a-f-]{36})"/.exec(res.body)![1]!;
}

const imported = (folio: string) => a.service.db.intervention.count({ where: { folio: { startsWith: `${folio}-` } } });

/** Every value kept under the deployment's prefix for checked files. */
async function storedImports(): Promise<Buffer[]> {
  const keys = await redis.keys(`${a.redis.prefix}:import:*`);
  return Promise.all(keys.map(async (key) => (await redis.getBuffer(key))!));
}

describe('Importar, with the checked file shared by every console process', () => {
  it('is checked on one process, confirmed on the other, and imported once', async () => {
    const revision = await check(owner, 'R1');
    const stored = await storedImports();
    expect(stored).toHaveLength(1);
    for (const needle of ['555-0101', 'R1-1', 'Luz', 'Folio;']) expect(stored[0]!.includes(needle)).toBe(false);
    expect(await redis.pttl((await redis.keys(`${a.redis.prefix}:import:*`))[0]!)).toBeGreaterThan(29 * 60_000);

    const confirmed = await owner.sameSessionOn(b.service.server).post('/importar/confirmar', { revision });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Importado');
    expect(await imported('R1')).toBe(2);
    expect(await storedImports()).toHaveLength(0);

    const again = await owner.post('/importar/confirmar', { revision });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Esa revisión ya no está disponible');
    expect(await a.service.db.auditLog.count({ where: { action: 'interventions.import' } })).toBe(1);
  });

  it('imports once when Confirmar reaches both processes at the same time', async () => {
    const revision = await check(owner, 'R2');
    const answers = await Promise.all([
      owner.post('/importar/confirmar', { revision }),
      owner.sameSessionOn(b.service.server).post('/importar/confirmar', { revision }),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await imported('R2')).toBe(2);
    expect(await a.service.db.auditLog.count({ where: { action: 'interventions.import' } })).toBe(2);
  });

  it("refuses another staff member's Confirmar, and keeps the file for the one who checked it", async () => {
    const revision = await check(owner, 'R3');
    const refused = await colleague.post('/importar/confirmar', { revision });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Esa revisión ya no está disponible');
    expect(await imported('R3')).toBe(0);

    expect((await owner.sameSessionOn(b.service.server).post('/importar/confirmar', { revision })).statusCode).toBe(200);
    expect(await imported('R3')).toBe(2);
  });

  it('imports nothing once the checked file expired, or for an unknown revision', async () => {
    const revision = await check(owner, 'R4');
    for (const key of await redis.keys(`${a.redis.prefix}:import:*`)) await redis.pexpire(key, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const expired = await owner.post('/importar/confirmar', { revision });
    expect(expired.statusCode).toBe(409);
    expect(expired.body).toContain('pasaron más de 30 minutos');
    expect(await imported('R4')).toBe(0);

    const unknown = await owner.sameSessionOn(b.service.server).post('/importar/confirmar', { revision: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(409);
    expect(await imported('R4')).toBe(0);
  });
});
