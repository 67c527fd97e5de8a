import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';
import { startTestService, type TestService } from '../support/test-service.js';

let t: TestService;
let staffId: string;
let client: ConsoleClient;

beforeAll(async () => {
  t = await startTestService();
  staffId = await createStaffAccount(t.service.db, { role: 'coordinator', email: 'coordinacion@unidad.test' });
  client = new ConsoleClient(t.service.server);
  await client.signIn('coordinacion@unidad.test');
  await client.refreshCsrf('/importar');
});

afterAll(async () => {
  await t?.stop();
});

/** The upload form as a browser sends it: multipart, the file and the CSRF token. */
function upload(file: Buffer, fields: Record<string, string> = {}) {
  const boundary = '----acompana-prueba';
  const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const payload = Buffer.concat([
    Buffer.from(Object.entries({ _csrf: client.csrf, hoja: '', codificacion: '', ...fields }).map(([k, v]) => part(k, v)).join('')),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="archivo"; filename="intervenciones.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.request({ method: 'POST', url: '/importar', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

const HEADER = 'Folio;Fecha y hora;Servicio;Vertiente;Canal;Teléfono;Alias;Consentimiento seguimiento;Folio BANAVIM';

describe('Importar, from the console', () => {
  it('lists the problems by line, never a value, and imports nothing', async () => {
    const file = Buffer.from(`${HEADER}\n911-1;01/12/2026 10:00;Psicológica;Intervención 12-48 h;911;12 34;Rocío;sí;\n`, 'latin1');
    const res = await upload(file);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('El archivo no se puede importar');
    expect(res.body).toContain('<li>línea 2: telefono: debe ser un número de 10 dígitos');
    expect(res.body).not.toContain('12 34');
    expect(res.body).not.toContain('Rocío');
    expect(await t.service.db.intervention.count()).toBe(0);
  });

  it('checks first, sums up, and imports on Confirmar, audited', async () => {
    const rows = [
      '911-1;01/12/2026 10:00;Psicológica;Intervención 12-48 h;911;(998) 555-0101;Luz;sí;',
      '911-2;02/12/2026 18:30;JURÍDICA;Acompañamiento previo;WhatsApp;;;;BNV-1',
    ];
    const file = Buffer.from(`${HEADER}\r\n${rows.join('\r\n')}\r\n`, 'latin1');
    const checked = await upload(file);
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toContain('Revisado: sin problemas');
    expect(checked.body).toContain('<tr><th scope="row">Filas del archivo</th><td>2</td></tr>');
    expect(checked.body).toContain('<tr><th scope="row">Casos nuevos</th><td>2</td></tr>');
    expect(checked.body).toContain('<tr><th scope="row">Casos que entran a seguimiento</th><td>1</td></tr>');
    expect(await t.service.db.intervention.count()).toBe(0);
    expect(await t.service.db.auditLog.count({ where: { action: 'interventions.import_check', staffId } })).toBe(1);

    const revision = /name="revision" value="([0-9a-f-]{36})"/.exec(checked.body)?.[1];
    expect(revision).toBeDefined();
    const imported = await client.post('/importar/confirmar', { revision: revision! });
    expect(imported.statusCode).toBe(200);
    expect(imported.body).toContain('Importado');
    expect(await t.service.db.intervention.count()).toBe(2);
    expect(await t.service.db.auditLog.findFirstOrThrow({ where: { action: 'interventions.import' } })).toMatchObject({
      staffId,
      detail: expect.objectContaining({ via: 'console', rows: 2, created: 2, casesCreated: 2 }),
    });
    // The checked file is gone once imported.
    expect((await client.post('/importar/confirmar', { revision: revision! })).statusCode).toBe(409);
    expect(await t.service.db.intervention.count()).toBe(2);
  });

  it('names the columns of the file it does not import, in the review and once imported', async () => {
    const file = Buffer.from(`${HEADER};Municipio;Observaciones\n911-9;03/12/2026 09:00;Psicológica;Intervención 12-48 h;911;;;;;Cozumel;llamó su hermana\n`, 'latin1');
    const checked = await upload(file);
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toContain('<h2 id="titulo-no-importadas">2 columnas no se importan</h2>');
    expect(checked.body).toContain('<li>columna 10 (Municipio)</li><li>columna 11 (Observaciones)</li>');
    expect(checked.body).not.toContain('Cozumel');
    const revision = /name="revision" value="([0-9a-f-]{36})"/.exec(checked.body)![1]!;
    const imported = await client.post('/importar/confirmar', { revision });
    expect(imported.body).toContain('No se guardó nada de estas columnas del archivo:');
    // A report's title above the header: the review says where the header was.
    const titled = await upload(Buffer.from(`Intervenciones de diciembre;;;;;;;;\n${HEADER}\n911-11;03/12/2026 09:45;Psicológica;Intervención 12-48 h;911;;;;\n`, 'latin1'));
    expect(titled.body).toContain('<p id="encabezado-en-linea">El encabezado está en la línea 2; la fila de arriba (título del reporte) no se leyó.</p>');
    // Without such columns, no such section.
    const plain = await upload(Buffer.from(`${HEADER}\n911-10;03/12/2026 09:30;Psicológica;Intervención 12-48 h;911;;;;\n`, 'latin1'));
    expect(plain.body).toContain('Revisado: sin problemas');
    expect(plain.body).not.toContain('columnas-no-importadas');
  });

  it('answers a malformed upload with the form and a 400, and a visitor with the sign-in page before reading it', async () => {
    const broken = [
      'abc',
      `--zzz\r\nContent-Disposition: form-data; name="archivo"; filename="a.csv"\r\n\r\nFolio;Fecha`,
    ];
    for (const payload of broken) {
      const res = await client.request({ method: 'POST', url: '/importar', payload, headers: { 'content-type': 'multipart/form-data; boundary=zzz' } });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Elige el archivo de intervenciones');
    }
    const visitor = await t.service.server.inject({ method: 'POST', url: '/importar', payload: broken[1], headers: { 'content-type': 'multipart/form-data; boundary=zzz' } });
    expect(visitor.statusCode).toBe(302);
    expect(visitor.headers.location).toMatch(/^\/login/);
  });

  it('names a wrong encoding instead of asking for the file again', async () => {
    const res = await upload(Buffer.from(`${HEADER}\n`, 'latin1'), { codificacion: 'latin9' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('codificacion: debe ser utf-8 o windows-1252');
    expect(res.body).not.toContain('Elige el archivo de intervenciones');
  });

  it('asks for a file when none was chosen', async () => {
    const res = await client.post('/importar', { hoja: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Elige el archivo de intervenciones');
  });
});
