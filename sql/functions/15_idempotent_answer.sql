-- The answer to a request id that has been seen before: the stored outcome
-- (flagged as replayed), a conflict when the payload differs, or the tombstone's
-- REQUEST_VOIDED when a supervisor voided the id before it arrived.
CREATE OR REPLACE FUNCTION idempotent_answer(p_operation text, p_fingerprint uuid, p_client_request_id uuid,
                                  p_seen_operation text, p_seen_fingerprint uuid,
                                  p_seen_response jsonb, p_seen_voided boolean)
RETURNS jsonb LANGUAGE sql STABLE AS $fn$
  SELECT CASE
    WHEN p_seen_operation = 'tombstone' THEN p_seen_response
    WHEN p_seen_operation <> p_operation OR p_seen_fingerprint <> p_fingerprint THEN
      idempotency_conflict(p_client_request_id)
    WHEN p_seen_voided THEN p_seen_response || '{"replayed": true, "voided": true}'::jsonb
    ELSE p_seen_response || '{"replayed": true}'::jsonb
  END
$fn$;
