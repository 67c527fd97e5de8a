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

async function check(env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (c: string) => (stdout += c) },
    stderr: { write: (c: string) => (stderr += c) },
    env: { CLOUD_API_BASE_URL: baseUrl, CLOUD_API_WABA_ID: '102938475610', CLOUD_API_TOKEN: graph.templatesToken, ...env },
  };
  const code = await templatesCommand(['check', '--dir', FLOWS], io);
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
    expect(stdout).toContain(`${missing!.name} (${missing!.language}): no está registrada: regístrala (acompana templates export) y espera a que Meta la apruebe`);
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
