import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { InterventionRow } from '../../app/records/intervention-row.js';
import type { PrivacyTools } from '../conversation-store.js';
import { uuidV7 } from '../uuid-v7.js';

/*
 * The staging tables of one import, temporary and dropped at the end of its transaction:
 * - `import_row`: the file's valid rows as read, her number already hashed and encrypted;
 * - `import_known`: the survivors the file's numbers find, each with her newest open case;
 * - `import_fresh`: the rows whose folio was never imported, numbered in the order they happened
 *   (`ord`), each with its group (`grp`: her number's hash, or the row alone when it has none) and
 *   whether it is `skipped` (its folio is another case's, see {@link STAGED_GROUPS_SQL});
 * - `import_group`: one row per woman of the file, with the survivor and case her rows go to.
 */

const STAGED_COLUMNS =
  'line, folio, occurred_at, service, line_of_attention, channel, phone_hash, phone_cipher, alias, consent, banavim_folio, ' +
  'video_consent, banavim_consent, intervention_id, consent_id, video_consent_id, banavim_consent_id, survivor_id, case_id';

/** How much COPY text is handed to the connection at a time. */
const COPY_PIECE = 64 * 1024;

/**
 * Streams `rows` into `import_row` with one `COPY … FROM STDIN` as they are read, each number hashed
 * and encrypted on the way: an import holds one piece of text at a time, never the file's rows. Each
 * row brings the ids ({@link uuidV7}, in file order) of its intervention and consents, and of the
 * survivor and case it opens if it is the first row of a new one.
 * Whatever `rows` throws (a file with problems) aborts the COPY and is thrown on. Returns how many
 * rows were staged.
 */
export async function stageRows(
  client: pg.PoolClient,
  rows: Iterable<InterventionRow> | AsyncIterable<InterventionRow>,
  privacy: PrivacyTools,
): Promise<number> {
  await client.query(`CREATE TEMP TABLE import_row (
      line integer NOT NULL, folio text NOT NULL, occurred_at timestamptz NOT NULL,
      service text NOT NULL, line_of_attention text NOT NULL, channel text NOT NULL,
      phone_hash text, phone_cipher bytea, alias text, consent boolean, banavim_folio text,
      video_consent boolean, banavim_consent boolean,
      intervention_id uuid NOT NULL, consent_id uuid NOT NULL, video_consent_id uuid NOT NULL, banavim_consent_id uuid NOT NULL,
      survivor_id uuid NOT NULL, case_id uuid NOT NULL
    ) ON COMMIT DROP`);
  let staged = 0;
  async function* text(): AsyncGenerator<string> {
    let piece = '';
    for await (const row of rows) {
      staged += 1;
      piece += copyLine(row, privacy);
      if (piece.length >= COPY_PIECE) {
        yield piece;
        piece = '';
      }
    }
    if (piece !== '') yield piece;
  }
  await pipeline(Readable.from(text()), client.query(copyFrom(`COPY import_row (${STAGED_COLUMNS}) FROM STDIN`)));
  await client.query('ANALYZE import_row');
  return staged;
}

/** One row as a line of COPY's text format: tab-separated, `\N` for none, bytes as `\x` hex. */
function copyLine(row: InterventionRow, privacy: PrivacyTools): string {
  const phone = row.phone ?? null;
  return [
    String(row.fileLine),
    copyText(row.folio),
    row.occurredAt.toISOString(),
    row.service,
    row.lineOfAttention,
    row.channel,
    phone === null ? '\\N' : privacy.hashPhone(phone),
    phone === null ? '\\N' : `\\\\x${Buffer.from(privacy.cipher.encrypt(phone)).toString('hex')}`,
    row.alias ? copyText(row.alias) : '\\N',
    copyBoolean(row.followUpConsent),
    row.banavimFolio ? copyText(row.banavimFolio) : '\\N',
    copyBoolean(row.videoCallConsent),
    copyBoolean(row.banavimConsent),
    uuidV7(),
    uuidV7(),
    uuidV7(),
    uuidV7(),
    uuidV7(),
    uuidV7(),
  ].join('\t') + '\n';
}

/** A yes, a no, or none, in COPY's text format. */
function copyBoolean(value: boolean | null): string {
  return value === null ? '\\N' : value ? 't' : 'f';
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text value escaped for COPY's text format (backslash, tab and line breaks). */
function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!);
}

/**
 * The staged rows not imported before, in the order they happened, grouped by woman: a row's number
 * finds her survivor (and her newest open case) in the database; her rows join that case, or open one
 * together. A group without an open case is opened by its first row whose folio is not already a
 * case's folio: the rows before it are `skipped`, each a problem (`ya es el folio de un caso …`).
 * A new survivor and case take the ids their group's first row brought.
 */
export const STAGED_GROUPS_SQL: readonly string[] = [
  `CREATE TEMP TABLE import_known ON COMMIT DROP AS
   SELECT s."phoneHash" AS grp, s.id AS survivor_id, c.id AS case_id, c."interventionAt" AS case_at,
          b.status::text AS banavim_status, b.folio AS banavim_folio
     FROM "Survivor" s
     LEFT JOIN LATERAL (SELECT id, "interventionAt" FROM "Case" WHERE "survivorId" = s.id AND status = 'open' ORDER BY "createdAt" DESC LIMIT 1) c ON true
     LEFT JOIN "BanavimRecord" b ON b."caseId" = c.id
    WHERE s."phoneHash" IN (SELECT phone_hash FROM import_row WHERE phone_hash IS NOT NULL)`,
  `CREATE TEMP TABLE import_fresh ON COMMIT DROP AS
   WITH fresh AS (
     SELECT r.*, row_number() OVER (ORDER BY r.occurred_at, r.line) AS ord, COALESCE(r.phone_hash, 'line:' || r.line) AS grp,
            EXISTS (SELECT 1 FROM "Case" c WHERE c.folio = r.folio) AS taken
       FROM import_row r
      WHERE NOT EXISTS (SELECT 1 FROM "Intervention" i WHERE i.folio = r.folio)
   )
   SELECT f.*, (k.case_id IS NULL AND f.taken
                AND f.ord < COALESCE(min(f.ord) FILTER (WHERE NOT f.taken) OVER (PARTITION BY f.grp), 9223372036854775807)) AS skipped
     FROM fresh f LEFT JOIN import_known k ON k.grp = f.grp`,
  `ANALYZE import_fresh`,
  `CREATE TEMP TABLE import_group ON COMMIT DROP AS
   WITH kept AS (SELECT * FROM import_fresh WHERE NOT skipped),
   firsts AS (
     SELECT DISTINCT ON (grp) grp, ord AS first_ord, folio AS first_folio, phone_hash, phone_cipher,
            survivor_id AS new_survivor_id, case_id AS new_case_id
       FROM kept ORDER BY grp, ord
   ),
   totals AS (
     SELECT grp, max(occurred_at) AS latest_at, bool_or(consent AND phone_hash IS NOT NULL) AS follow_up,
            min(ord) FILTER (WHERE alias IS NOT NULL) AS alias_ord
       FROM kept GROUP BY grp
   )
   SELECT f.grp, f.first_ord, f.first_folio, f.phone_hash, f.phone_cipher, t.latest_at, t.follow_up, a.alias,
          k.survivor_id AS known_survivor_id, k.case_id AS open_case_id, k.case_at AS open_case_at,
          k.banavim_status, k.banavim_folio AS open_case_banavim_folio,
          COALESCE(k.survivor_id, f.new_survivor_id) AS survivor_id, COALESCE(k.case_id, f.new_case_id) AS case_id
     FROM firsts f JOIN totals t ON t.grp = f.grp
     LEFT JOIN import_fresh a ON a.ord = t.alias_ord
     LEFT JOIN import_known k ON k.grp = f.grp`,
  `ANALYZE import_group`,
];
