
import { environmentSchema, type Config } from './schema.js';

/** Raised when the environment does not describe a runnable service; its message is one line per problem. */
export class ConfigError extends Error {
  /** Stable code for callers and logs. */
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once into a frozen {@link Config}.
 *
 * @throws ConfigError naming each variable and what is wrong, e.g. `PORT: must be at most 65535 (got "70000")`.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(environmentSchema.in.shape).map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const result = environmentSchema.safeParse(known);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const given = typeof known[name] === 'string' ? ` (got ${describeValue(name, known[name] as string)})` : '';
        return `${name}: ${issue.message}${given}`;
      }),
    );
  }
  return Object.freeze(result.data);
}

/** Shows a bad value without echoing secrets. */
function describeValue(name: string, value: string): string {
  return /KEY|SECRET|TOKEN|PASSWORD|URL/.test(name) ? 'a value that is hidden here' : JSON.stringify(value);
}

