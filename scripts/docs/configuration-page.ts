import { z } from 'zod';
import { environmentSchema } from '../../src/config/schema.js';

/** Where the generated configuration page lives, from the repository's root. */
export const CONFIGURATION_PAGE = 'docs/configuration.md';

/** One environment variable as the page shows it. */
export interface DocumentedVariable {
  readonly name: string;
  /** The default as it would be written in the environment, or null when there is none. */
  readonly defaultValue: string | null;
  /** The values an enumeration accepts, or null. */
  readonly values: readonly string[] | null;
  /** The sentence of its `.describe()`; empty when it has none (a test refuses that). */
  readonly description: string;
}

/** The groups of the page, by the prefix a description starts with; the rest is "General". */
const GROUPS = [
  { prefix: 'whatsapp-web.js: ', title: 'whatsapp-web.js (`CHANNEL=whatsapp-web`)' },
  { prefix: 'Cloud API: ', title: 'Cloud API (`CHANNEL=cloud-api`)' },
  { prefix: 'Video calls: ', title: 'Video calls' },
] as const;

/** Walks the wrappers of a field's schema (describe, default, optional, transform) for what the page shows. */
function inspect(schema: z.core.$ZodType): { defaultValue: unknown; values: readonly string[] | null } {
  let current: z.core.$ZodType | undefined = schema;
  let defaultValue: unknown;
  let values: readonly string[] | null = null;
  while (current !== undefined) {
    const def = current._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
    if ((def.type === 'default' || def.type === 'prefault') && defaultValue === undefined) {
      defaultValue = def.defaultValue;
    }
    if (def.type === 'enum') values = Object.values(def.entries as Record<string, string>);
    current = (def.innerType ?? def.in) as z.core.$ZodType | undefined;
  }
  return { defaultValue, values };
}

/** Every variable of the environment schema, in the schema's order. */
export function documentedVariables(): DocumentedVariable[] {
  return Object.entries(environmentSchema.in.shape).map(([name, schema]) => {
    const { defaultValue, values } = inspect(schema as z.core.$ZodType);
    return {
      name,
      defaultValue: defaultValue === undefined ? null : String(defaultValue),
      values,
      description: (schema as z.ZodType).description ?? '',
    };
  });
}

/** A table cell: pipes escaped, so a description cannot break the table. */
const cell = (text: string) => text.replaceAll('|', '\\|');

function row(variable: DocumentedVariable, prefix: string): string {
  const meaning = variable.description.slice(prefix.length);
  const sentence = meaning.charAt(0).toUpperCase() + meaning.slice(1);
  const values = variable.values && !/`/.test(meaning) ? ` One of ${variable.values.map((v) => `\`${v}\``).join(', ')}.` : '';
  const fallback = variable.defaultValue === null ? '—' : `\`${variable.defaultValue}\``;
  return `| \`${variable.name}\` | ${cell(fallback)} | ${cell(sentence + values)} |`;
}

/**
 * The whole of `docs/configuration.md`, generated from the zod schema in `src/config/schema.ts`:
 * every variable, its default and the sentence of its `.describe()`, grouped by the prefix of that
 * sentence (`whatsapp-web.js: `, `Cloud API: `, `Video calls: `).
 */
export function renderConfigurationPage(): string {
  const variables = documentedVariables();
  const sections: string[] = [];
  const general = variables.filter((v) => !GROUPS.some((g) => v.description.startsWith(g.prefix)));
  const table = (rows: string[]) => ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
  sections.push(`## General\n\n${table(general.map((v) => row(v, '')))}`);
  for (const group of GROUPS) {
    const members = variables.filter((v) => v.description.startsWith(group.prefix));
    if (members.length > 0) sections.push(`## ${group.title}\n\n${table(members.map((v) => row(v, group.prefix)))}`);
  }
  return `<!-- Generated from src/config/schema.ts by \`npm run docs:config\`: edit the schema's .describe(), not this page. -->

# Configuration

Every setting is an environment variable, validated once at start: a bad value stops the start with
one line naming the variable, and an empty value counts as unset. Nothing else in the code reads the
environment (\`src/config/\`). Times are in the unit's time zone, America/Cancun.

For production, set at least \`NODE_ENV=production\`, \`DATA_KEYS\` and \`PHONE_HASH_KEY\` (see
[security](security.md#keys)), \`CONSOLE_SECURE_COOKIES=true\` behind https, and the channel's variables
([WhatsApp](whatsapp.md)). With \`CHANNEL=cloud-api\` the four credentials are required: a missing one
stops the start naming it.

${sections.join('\n\n')}
`;
}
