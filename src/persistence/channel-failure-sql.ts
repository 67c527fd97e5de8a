/**
 * SQL condition: the contact aliased `alias` failed because the channel refused it or reported it
 * failed (`CLOUD_…`, `WA_…`, `SIMULATOR_…`, `CHANNEL_FAILED`), or could not take it for the whole
 * retry window (`CHANNEL_UNREACHABLE`), not because the service withheld it
 * itself (`OUTSIDE_SAFE_HOURS`, `CANCELLED_…`).
 *
 * @example
 * `… WHERE c.status = 'failed' AND ${channelFailure('c')}`
 */
export function channelFailure(alias: string): string {
  const code = `${alias}."errorCode"`;
  return `(${code} LIKE 'CLOUD\\_%' OR ${code} LIKE 'WA\\_%' OR ${code} LIKE 'SIMULATOR\\_%' OR ${code} IN ('CHANNEL_FAILED', 'CHANNEL_UNREACHABLE'))`;
}
