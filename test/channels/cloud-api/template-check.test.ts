/**
 * `acompana templates check`: the flows' templates compared with the account's at Meta (a fake Graph
 * API on 127.0.0.1), page after page: approved, Utility and the same text, or what is wrong and what
 * to do, in Spanish; a wrong token or no account named, exit code 2.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { templatesCommand } from '../../../src/cli/templates-command.js';
import { exportTemplates, loadFlowDirectory, parseTemplateLanguages, DEFAULT_TEMPLATE_LANGUAGES, type TemplateCreationBody } from '../../../src/engine/index.js';
import { FakeGraphApi } from '../support/fake-graph-api.js';

const FLOWS = join(import.meta.dirname, '..', '..', '..', 'flows');
let graph: FakeGraphApi;
let baseUrl: string;
let shipped: TemplateCreationBody[];

beforeAll(async () => {
  graph = new FakeGraphApi();
  baseUrl = await graph.start();
  const loaded = await loadFlowDirectory(FLOWS, { channel: 'cloud-api' });
  if (!loaded.ok) throw new Error('the shipped flows do not load');
  shipped = exportTemplates(loaded.flows.map((f) => f.definition), parseTemplateLanguages(DEFAULT_TEMPLATE_LANGUAGES)).templates.map((t) => t.body);
});
afterAll(async () => {
  await graph?.stop();
});
beforeEach(() => {
  graph.templates.length = 0;
  graph.submissions.clear();
});

/** Registers `body` at the fake Meta as `status`, `category`, with its text unless `text` is given. */
function register(body: TemplateCreationBody, fields: { status?: string; category?: string; text?: string } = {}): void {
  graph.templates.push({
    name: body.name,
    language: body.language,
    status: fields.status ?? 'APPROVED',
    category: fields.category ?? 'UTILITY',
    components: [{ type: 'HEADER', text: 'x' }, { type: 'BODY', text: fields.text ?? body.components[0].text }],
  });
}

async function check(env: Record<string, string> = {}, sub: 'check' | 'register' = 'check') {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (c: string) => (stdout += c) },
    stderr: { write: (c: string) => (stderr += c) },
    env: { CLOUD_API_BASE_URL: baseUrl, CLOUD_API_WABA_ID: '102938475610', CLOUD_API_TOKEN: graph.templatesToken, ...env },
  };
  const code = await templatesCommand([sub, '--dir', FLOWS], io);
  return { code, stdout, stderr };
}

describe('acompana templates check', () => {
  it('says each template of the flows is approved when Meta has them all, across pages', async () => {
    expect(shipped.length).toBeGreaterThan(2);
    for (const body of shipped) register(body);
    register({ ...shipped[0]!, name: 'otra_cosa_de_la_cuenta' });
    const { code, stdout } = await check();
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(shipped.map((b) => `${b.name} (${b.language}): aprobada`));
    // The account's token went only to the fake Graph API, on every page.
    const pages = graph.requests.filter((r) => r.path.includes('/message_templates'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]!.path).toMatch(/^\/v21\.0\/102938475610\/message_templates\?/);
  });

  it('names what is wrong with each one, and what to do, exit code 1', async () => {
    const [missing, pending, marketing, ...rest] = shipped;
    register(pending!, { status: 'PENDING' });
    register(marketing!, { category: 'MARKETING' });
    for (const body of rest) register(body);
    const { code, stdout } = await check();
    expect(code).toBe(1);
    expect(stdout).toContain(`${missing!.name} (${missing!.language}): no está registrada: mándala a revisión con acompana templates register y espera a que Meta la apruebe`);
    expect(stdout).toContain(`${pending!.name} (${pending!.language}): Meta la tiene como PENDING, no aprobada`);
    expect(stdout).toContain(`${marketing!.name} (${marketing!.language}): Meta la clasificó como MARKETING, no como Utilidad`);

    graph.templates.length = 0;
    for (const body of shipped) register(body, body === missing ? { text: 'Hola {{1}}, soy la unidad.' } : {});
    const text = await check();
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`${missing!.name} (${missing!.language}): el texto registrado no es el que envían los flujos`);
  });

  it('without an account or with a token Meta refuses, says so and exits 2', async () => {
    const noAccount = await check({ CLOUD_API_WABA_ID: '' });
    expect([noAccount.code, noAccount.stderr]).toEqual([2, expect.stringContaining('faltan CLOUD_API_WABA_ID y CLOUD_API_TOKEN')]);
    const refused = await check({ CLOUD_API_TOKEN: 'EAAG-un-token-vencido' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('la Graph API respondió 401 (190): revisa CLOUD_API_WABA_ID y el token');
    expect(refused.stderr).not.toContain('EAAG-un-token-vencido');
  });
});

describe('acompana templates register', () => {
  const register_ = (env: Record<string, string> = {}) => check(env, 'register');

  it('sends Meta each template the account lacks, as the export writes it, and leaves the others alone', async () => {
    const [held, ...lacking] = shipped;
    register(held!, { status: 'REJECTED' });
    const sentBefore = graph.requests.filter((r) => r.method === 'POST').length;
    const { code, stdout } = await register_();
    expect(code).toBe(0);
    expect(stdout).toContain(`${held!.name} (${held!.language}): ya está registrada (REJECTED); no se envía de nuevo`);
    for (const body of lacking) expect(stdout).toContain(`${body.name} (${body.language}): enviada a revisión de Meta (PENDING)`);
    expect(stdout.trim().split('\n').at(-1)).toBe('Cuando Meta termine de revisarlas, corre acompana templates check.');
    const posted = graph.requests.filter((r) => r.method === 'POST').slice(sentBefore);
    expect(posted.map((r) => r.body)).toEqual(lacking);
    expect(posted.every((r) => r.path === '/v21.0/102938475610/message_templates' && r.authorization === `Bearer ${graph.templatesToken}`)).toBe(true);

    // Run again, nothing is sent twice.
    const again = await register_();
    expect(again.code).toBe(0);
    expect(graph.requests.filter((r) => r.method === 'POST').length).toBe(sentBefore + lacking.length);
  });

  it('says when Meta classes one as Marketing, and when Meta refuses one, exit code 1, the others still sent', async () => {
    const [reclassed, refused, ...rest] = shipped;
    graph.submissions.set(reclassed!.name, { category: 'MARKETING' });
    graph.submissions.set(refused!.name, { status: 400, code: 100, message: 'El texto tiene demasiadas variables.' });
    const { code, stdout } = await register_();
    expect(code).toBe(1);
    expect(stdout).toContain(`${reclassed!.name} (${reclassed!.language}): enviada a revisión de Meta (PENDING); Meta la clasificó como MARKETING, no como Utilidad`);
    expect(stdout).toContain(`${refused!.name} (${refused!.language}): Meta no la aceptó: El texto tiene demasiadas variables.`);
    for (const body of rest) expect(stdout).toContain(`${body.name} (${body.language}): enviada a revisión de Meta (PENDING)`);
  });

  it('without an account or with a token Meta refuses, sends nothing and exits 2', async () => {
    const before = graph.requests.filter((r) => r.method === 'POST').length;
    expect((await register_({ CLOUD_API_TOKEN: '' })).code).toBe(2);
    const refused = await register_({ CLOUD_API_TOKEN: 'EAAG-un-token-vencido' });
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('acompana templates register: la Graph API respondió 401 (190)')]);
    expect(graph.requests.filter((r) => r.method === 'POST').length).toBe(before);
  });
});
