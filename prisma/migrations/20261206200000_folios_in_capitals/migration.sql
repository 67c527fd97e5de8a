-- Folios are compared without regard to case: the import and the console store and look them up in
-- capitals, so `qr-2026-0451` in one month's file and `QR-2026-0451` in the next are the same 911
-- intervention, counted once. Folios already stored move to capitals, except where two of them differ
-- only in case: such a pair is left as it is (whether they are one intervention is a person's call).

UPDATE "Intervention" i SET folio = upper(i.folio)
  FROM (SELECT upper(folio) AS folio FROM "Intervention" GROUP BY 1 HAVING count(*) = 1) alone
 WHERE upper(i.folio) = alone.folio AND i.folio <> alone.folio;

UPDATE "Case" c SET folio = upper(c.folio)
  FROM (SELECT upper(folio) AS folio FROM "Case" WHERE folio IS NOT NULL GROUP BY 1 HAVING count(*) = 1) alone
 WHERE upper(c.folio) = alone.folio AND c.folio <> alone.folio;

UPDATE "BanavimRecord" b SET folio = upper(b.folio)
  FROM (SELECT upper(folio) AS folio FROM "BanavimRecord" WHERE folio IS NOT NULL GROUP BY 1 HAVING count(*) = 1) alone
 WHERE upper(b.folio) = alone.folio AND b.folio <> alone.folio;
