/**
 * The confirmation `NOTICES` holds under `key` (a `?hecho=` value), or `undefined`: only the table's own
 * entries count, never what every object inherits (`toString`, `constructor`).
 *
 * @example
 * noticeOf({ nota: 'Nota guardada.' }, 'toString') // undefined
 */
export function noticeOf(notices: Readonly<Record<string, string>>, key: string | undefined): string | undefined {
  return key !== undefined && Object.hasOwn(notices, key) ? notices[key] : undefined;
}
