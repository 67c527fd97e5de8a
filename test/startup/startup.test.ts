import { freePort } from '../support/free-port.js';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { createTestDatabase } from '../support/test-database.js';
import { databaseUrl, TEST_REDIS_URL } from '../support/environment.js';
import { createTestRedis } from '../support/test-redis.js';
import { eventually } from '../support/test-service.js';
import pg from 'pg';
import { loadConfig } from '../../src/config/load.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('start-up failures', () => {
  it('exits within 10 s naming Redis, the address and the fix when Redis is unreachable', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const result = await runMain({ DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:1', MIGRATE_ON_START: 'false' }).exited;
    expect(result.code).not.toBe(0);
    expect(result.ms).toBeLessThan(10_000);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^acompana: Redis is not reachable at redis:\/\/127\.0\.0\.1:1 .*docker compose up -d redis$/);
  });

  it('exits within 10 s naming PostgreSQL when it is unreachable', async () => {
    const result = await runMain({ DATABASE_URL: 'postgresql://app:s3cret@127.0.0.1:1/acompana', REDIS_URL: TEST_REDIS_URL }).exited;
    expect(result.code).not.toBe(0);
    expect(result.ms).toBeLessThan(10_000);
    expect(result.stderr.trim()).toMatch(/^acompana: PostgreSQL is not reachable at postgresql:\/\/app@127\.0\.0\.1:1\/acompana .*docker compose up -d postgres$/);
    expect(result.stderr).not.toContain('s3cret');
  });

  it('names the variable when the configuration is invalid', async () => {
    const result = await runMain({ PORT: 'tres mil' }).exited;
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^acompana: configuration: PORT: .*"tres mil"/);
  });

  it('names the file, line and problem when a flow is invalid, in the Spanish its authors read', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const dir = await mkdtemp(join(tmpdir(), 'acompana-flows-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(
      join(dir, 'primer-contacto.yaml'),
      ['flow: primer-contacto', 'name: Roto', 'start: hola', 'nodes:', '  hola:', '    type: message', '    text: "Hola"', '    next: nadie', ''].join('\n'),
    );
    const result = await runMain({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, FLOWS_DIR: dir, MIGRATE_ON_START: 'false' }).exited;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${join(dir, 'primer-contacto.yaml')}:8:`);
    expect(result.stderr).toContain('nadie');
    expect(result.stderr).toMatch(/^acompana: los flujos tienen errores \(invalid flows\); revísalos con acompana flows validate:\n/);
    expect(result.stderr).toContain(`${join(dir, 'primer-contacto.yaml')}:8:11: "next" apunta a "nadie", que no es un nodo de este flujo`);
  });

  it('refuses a reply in the service\'s own words that names a denied word, naming the variable and the word', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const result = await runMain({
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      MIGRATE_ON_START: 'false',
      UNKNOWN_NUMBER_REPLY: 'Hola. Este número no recibe mensajes. Si estás en peligro, llama al 911.',
    }).exited;
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      'acompana: UNKNOWN_NUMBER_REPLY: "peligro" está en la lista de palabras prohibidas ("peligro" en deny_words de ajustes.yaml): quien tenga su teléfono lee esta respuesta',
    );
    const afterHours = await runMain({
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      MIGRATE_ON_START: 'false',
      NON_TEXT_REPLY_AFTER_HOURS: 'Gracias. Te escribe alguien de la Unidad desde {{atencion_hora}}.',
    }).exited;
    expect(afterHours.code).not.toBe(0);
    expect(afterHours.stderr.trim()).toBe(
      'acompana: NON_TEXT_REPLY_AFTER_HOURS: "Unidad" está en la lista de palabras prohibidas ("unidad" en deny_words de ajustes.yaml): quien tenga su teléfono lee esta respuesta',
    );
  });
});

describe('a full start', () => {
  it('creates and migrates the database, serves /healthz, and drains on SIGTERM', async () => {
    const name = `acompana_t_${randomBytes(6).toString('hex')}`;
    const url = loadConfig({ DATABASE_URL: databaseUrl(name) }).DATABASE_URL;
    const redis = createTestRedis();
    cleanups.push(async () => {
      const admin = new pg.Client({ connectionString: loadConfig({ DATABASE_URL: databaseUrl('postgres') }).DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    });
    cleanups.push(() => redis.clean());
    const port = await freePort();
    const main = runMain({ DATABASE_URL: url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, PORT: String(port) });
    const health = await eventually(async () => {
      if (!main.stdout().includes('Acompaña is running')) return undefined;
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return res.json() as Promise<Record<string, unknown>>;
    }, 60_000, 'the service to listen');
    expect(health).toMatchObject({ status: 'ok', database: { status: 'up' }, redis: { status: 'up' }, channel: { state: 'ready' } });

    const tables = await eventually(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const rows = (await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).rows;
      await client.end();
      return rows.map((r: { table_name: string }) => r.table_name);
    });
    expect(tables).toEqual(expect.arrayContaining(['Case', 'Contact', 'Survivor', 'FlowSession', '_prisma_migrations']));

    main.kill('SIGTERM');
    const result = await main.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"msg":"stopped"');
  }, 90_000);
});
