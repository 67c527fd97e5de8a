-- The reads that open her turn, as functions, so that one simple-protocol query carries `BEGIN`, the
-- lock of her open case, who she is and what the turn reads of the case, in one round trip to
-- PostgreSQL (`src/persistence/locked-case-transaction.ts`). PL/pgSQL keeps each statement's plan for
-- the session, where a simple query's text would be planned on every turn, and unlike SQL-level
-- `PREPARE` this works through PgBouncer in transaction pooling mode.
--
-- Her open case is found through the (survivorId, status) index only: status is compared as text so
-- the (status, attention, urgency) index cannot serve it. With statistics of a near-empty table (a
-- fresh or restored database, autovacuum off) a generic plan otherwise walked every open case of the
-- unit for each message.

-- Who the number whose keyed hash is given is: one row with her latest open case, or none.
CREATE FUNCTION acompana_recipient(phone_hash text)
RETURNS TABLE (id uuid, alias text, language text, "codeWordHash" text, "optedOut" boolean, "caseId" uuid, consent boolean)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT s.id, s.alias, s.language, s."codeWordHash", s."optedOutAt" IS NOT NULL,
         (SELECT c.id FROM "Case" c WHERE c."survivorId" = s.id AND c.status::text = 'open' ORDER BY c."createdAt" DESC LIMIT 1),
         (SELECT k.granted FROM "Consent" k WHERE k."survivorId" = s.id AND k.purpose = 'follow_up' ORDER BY k."recordedAt" DESC LIMIT 1)
    FROM "Survivor" s
   WHERE s."phoneHash" = phone_hash;
END
$$;

-- What one read under the lock learns about a case and the message a turn is about (its channel and
-- channel id): one row, or none when the case does not exist.
CREATE FUNCTION acompana_case_snapshot(case_id uuid, message_channel "ContactChannel", message_id text)
RETURNS TABLE (attention "Attention", "openCheckInId" uuid, "sessionId" uuid, "flowId" text, "stateCipher" bytea,
               "inboundId" uuid, unsent text[], "fieldsCipher" bytea, appointments json)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT c.attention,
         (SELECT ci.id FROM "CheckIn" ci WHERE ci."caseId" = c.id AND ci.status = 'sent' ORDER BY ci."sentAt" DESC LIMIT 1),
         s.id, s."flowId", s."stateCipher",
         i.id,
         (SELECT coalesce(array_agg(o.id::text ORDER BY o.sequence), '{}') FROM "Contact" o
           WHERE o."causeId" = i.id AND o.direction = 'outbound' AND o.status IN ('queued', 'sending')),
         c."fieldsCipher",
         (SELECT coalesce(json_agg(json_build_object('id', a.id, 'startsAt', a."startsAt", 'endsAt', a."endsAt", 'status', a.status,
                   'videoRoom', a."videoRoom", 'reminderDaySentAt', a."reminderDaySentAt", 'reminderHourSentAt', a."reminderHourSentAt",
                   'offeredSlots', a."offeredSlots") ORDER BY a."startsAt"), '[]')
            FROM "Appointment" a WHERE a."caseId" = c.id AND a.status IN ('proposed', 'confirmed', 'rescheduled'))
    FROM "Case" c
    LEFT JOIN LATERAL (SELECT f.id, f."flowId", f."stateCipher" FROM "FlowSession" f
                        WHERE f."caseId" = c.id AND f.status = 'waiting' ORDER BY f."createdAt" DESC LIMIT 1) s ON true
    LEFT JOIN "Contact" i ON i.channel = message_channel AND i.direction = 'inbound' AND i."channelMessageId" = message_id
   WHERE c.id = case_id;
END
$$;

-- Her turn's opening: locks her latest open case (`FOR UPDATE`, waiting for a turn under way), then
-- reads who she is and the case. In READ COMMITTED each statement here sees what was committed before
-- it ran, so both reads see the case as the lock found it. No row when her number has no open case;
-- "lockedId" is the case locked, to be checked against her "caseId" read after it.
CREATE FUNCTION acompana_open_turn(phone_hash text, message_channel "ContactChannel", message_id text)
RETURNS TABLE ("lockedId" uuid, id uuid, alias text, language text, "codeWordHash" text, "optedOut" boolean, "caseId" uuid, consent boolean,
               attention "Attention", "openCheckInId" uuid, "sessionId" uuid, "flowId" text, "stateCipher" bytea,
               "inboundId" uuid, unsent text[], "fieldsCipher" bytea, appointments json)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  locked uuid;
BEGIN
  SELECT c.id INTO locked FROM "Case" c
   WHERE c.id = (SELECT oc.id FROM "Survivor" sv JOIN "Case" oc ON oc."survivorId" = sv.id AND oc.status::text = 'open'
                  WHERE sv."phoneHash" = phone_hash ORDER BY oc."createdAt" DESC LIMIT 1)
     FOR UPDATE;
  IF locked IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
  SELECT locked, r.id, r.alias, r.language, r."codeWordHash", r."optedOut", r."caseId", r.consent,
         snap.attention, snap."openCheckInId", snap."sessionId", snap."flowId", snap."stateCipher",
         snap."inboundId", snap.unsent, snap."fieldsCipher", snap.appointments
    FROM acompana_recipient(phone_hash) r, acompana_case_snapshot(locked, message_channel, message_id) snap;
END
$$;
