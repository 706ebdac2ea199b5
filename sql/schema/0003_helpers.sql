-- Small internal helpers of the contract functions. They are plain SQL expressions
-- (the planner inlines them into the callers), executable by nobody but the owner.

-- The failure envelope of every contract function.
CREATE FUNCTION kiosk_error(p_code text, p_message text) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT jsonb_build_object('success', false, 'error_code', p_code,
                            'message', p_message, 'retryable', false)
$fn$;

-- A card UID: 4 to 10 bytes as uppercase hex, no separators.
CREATE FUNCTION is_card_uid(p_value text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT coalesce(p_value ~ '^([0-9A-F]{2}){4,10}$', false)
$fn$;

-- Plausible as the id of a device, member of staff, point of sale or checkpoint: 1 to 64
-- characters. (The tables hold stricter slugs; an id that is not one is simply unknown.)
CREATE FUNCTION is_slug(p_value text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT coalesce(length(p_value) BETWEEN 1 AND 64, false)
$fn$;

-- Advisory-lock key serialising all work on one request id (any operation).
CREATE FUNCTION request_lock_key(p_client_request_id uuid) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT hashtextextended(p_client_request_id::text, 7001)
$fn$;

-- The answer to a request id that has been seen before: the stored outcome
-- (flagged as replayed), a conflict when the payload differs, or the tombstone's
-- REQUEST_VOIDED when a supervisor voided the id before it arrived.
CREATE FUNCTION idempotent_answer(p_operation text, p_fingerprint uuid, p_client_request_id uuid,
                                  p_seen_operation text, p_seen_fingerprint uuid,
                                  p_seen_response jsonb, p_seen_voided boolean)
RETURNS jsonb LANGUAGE sql STABLE AS $fn$
  SELECT CASE
    WHEN p_seen_operation = 'tombstone' THEN p_seen_response
    WHEN p_seen_operation <> p_operation OR p_seen_fingerprint <> p_fingerprint THEN
      jsonb_build_object(
        'success', false, 'error_code', 'IDEMPOTENCY_CONFLICT', 'retryable', false,
        'message', 'this client_request_id was already used with a different payload; nothing changed',
        'client_request_id', p_client_request_id)
    WHEN p_seen_voided THEN p_seen_response || '{"replayed": true, "voided": true}'::jsonb
    ELSE p_seen_response || '{"replayed": true}'::jsonb
  END
$fn$;

-- Records a business rejection as the request's outcome and returns it; if a concurrent
-- call with the same id recorded an outcome first (it held the id's advisory lock, so it
-- has committed and this statement sees it), returns that one's answer instead.
CREATE FUNCTION record_decline(p_client_request_id uuid, p_operation text, p_fingerprint uuid,
                               p_card_uid text, p_response jsonb)
RETURNS jsonb LANGUAGE sql AS $fn$
  WITH recorded AS (
    INSERT INTO idempotency_records (client_request_id, operation, fingerprint, response,
                                     succeeded, card_uid)
    VALUES (p_client_request_id, p_operation, p_fingerprint,
            p_response || jsonb_build_object('client_request_id', p_client_request_id,
                                             'replayed', false),
            false, p_card_uid)
    ON CONFLICT (client_request_id) DO NOTHING
    RETURNING response
  )
  SELECT coalesce(
    (SELECT response FROM recorded),
    (SELECT idempotent_answer(p_operation, p_fingerprint, p_client_request_id, r.operation,
                              r.fingerprint, r.response, r.voided)
       FROM idempotency_records r WHERE r.client_request_id = p_client_request_id))
$fn$;

-- A timestamptz from text, or NULL when the text is not an ISO 8601 timestamp with an offset.
CREATE FUNCTION try_iso_timestamptz(p_value text) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  IF p_value IS NULL
     OR p_value !~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$' THEN
    RETURN NULL;
  END IF;
  RETURN p_value::timestamptz;
EXCEPTION WHEN data_exception THEN
  RETURN NULL;
END
$fn$;

REVOKE ALL ON FUNCTION kiosk_error(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION is_card_uid(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION is_slug(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION request_lock_key(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION idempotent_answer(text, uuid, uuid, text, uuid, jsonb, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION record_decline(uuid, text, uuid, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION try_iso_timestamptz(text) FROM PUBLIC;
