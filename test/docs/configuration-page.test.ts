import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIGURATION_PAGE, documentedVariables, renderConfigurationPage } from '../../scripts/docs/configuration-page.js';

const page = readFileSync(CONFIGURATION_PAGE, 'utf8');

describe('docs/configuration.md', () => {
  it('describes every variable of the schema in one sentence', () => {
    const undescribed = documentedVariables().filter((v) => v.description.trim() === '').map((v) => v.name);
    expect(undescribed, 'add .describe() to these in src/config/schema.ts').toEqual([]);
  });

  it('has a row for every variable of the schema', () => {
    const missing = documentedVariables().filter((v) => !page.includes(`| \`${v.name}\` |`)).map((v) => v.name);
    expect(missing, 'run npm run docs:config').toEqual([]);
  });

  it('is what npm run docs:config writes from the schema today', () => {
    expect(page, 'docs/configuration.md is stale: run npm run docs:config').toBe(renderConfigurationPage());
  });

  it('shows the defaults the schema applies', () => {
    const byName = new Map(documentedVariables().map((v) => [v.name, v]));
    expect(byName.get('PORT')?.defaultValue).toBe('3000');
    expect(byName.get('ROLES')?.defaultValue).toBe('all');
    expect(byName.get('CLOUD_API_TEMPLATE_LANGUAGES')?.defaultValue).toBe('es-MX:es_MX,en:en_US,yua:es_MX');
    expect(byName.get('DATA_KEYS')?.defaultValue).toBeNull();
  });
});
