-- The steps the contract functions share, each with one home (CONVENTIONS 11): the answers of
-- the argument and caller checks, the answer to a request id seen before, the device's
-- last-seen mark, a card that cannot be used, the one way a card is credited (checkpoint
-- and Stripe recharges) and the record of a completed cash-shift call. (The answers' own
-- envelopes are in 11_kiosk_error.sql, which the older helpers use too.) Called from the SECURITY DEFINER functions, as their owner: no grant.
-- Each keeps its callers' messages, codes and order of checks as they were.

-- The INVALID_REQUEST answer to an argument problem (NULL: none). A caller folds its checks
-- into one CASE, the first problem winning, and returns this when it is not NULL.
CREATE OR REPLACE FUNCTION invalid_request(p_problem text) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT CASE WHEN p_problem IS NOT NULL THEN kiosk_error('INVALID_REQUEST', p_problem) END
$fn$;

-- The UNAUTHORIZED answer to a caller problem (device_caller_problem,
-- cash_drawer_caller_problem; NULL: none).
CREATE OR REPLACE FUNCTION unauthorized(p_problem text) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT CASE WHEN p_problem IS NOT NULL THEN kiosk_error('UNAUTHORIZED', p_problem) END
$fn$;

-- The problem of an id argument (a device, staff member, point of sale or checkpoint) that
-- is not a plausible id, named as the argument p_name (NULL: none).
CREATE OR REPLACE FUNCTION slug_problem(p_name text, p_value text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE WHEN NOT is_slug(p_value) THEN p_name || ' is missing or malformed' END
$fn$;

-- The first problem of a device and a staff member's ids, the device first (NULL: none).
CREATE OR REPLACE FUNCTION device_staff_problem(p_device_id text, p_staff_id text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE
    WHEN NOT is_slug(p_device_id) THEN 'p_device_id is missing or malformed'
    WHEN NOT is_slug(p_staff_id) THEN 'p_staff_id is missing or malformed'
  END
$fn$;

-- The first problem of the arguments the requests on a device by a staff member begin with,
-- in this order: the request id, the device, the staff member (NULL: none).
CREATE OR REPLACE FUNCTION request_arguments_problem(p_client_request_id uuid, p_device_id text,
                                                     p_staff_id text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE WHEN p_client_request_id IS NULL THEN 'p_client_request_id is required'
              ELSE device_staff_problem(p_device_id, p_staff_id) END
$fn$;

-- The answer to a call that names only its device, before anything else is read: a malformed
-- p_device_id is INVALID_REQUEST, a connection that may not act as it UNAUTHORIZED (NULL: go on).
CREATE OR REPLACE FUNCTION device_call_error(p_device_id text) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT coalesce(invalid_request(slug_problem('p_device_id', p_device_id)),
                  unauthorized(device_caller_problem(p_device_id)))
$fn$;

-- When the operators' `devices list` last heard of a device (not written more often than
-- every 30 s).
CREATE OR REPLACE FUNCTION note_device_seen(p_device_id text) RETURNS void
LANGUAGE sql AS $fn$
  UPDATE devices SET last_seen_at = now()
   WHERE device_id = p_device_id AND (last_seen_at IS NULL OR last_seen_at < now() - interval '30 seconds')
$fn$;

-- The answer to a request id that has an idempotency record (idempotent_answer: its stored
-- outcome replayed, or IDEMPOTENCY_CONFLICT), NULL when it has none. Called before the request
-- id's advisory lock and again under it: each call reads the caller's newest snapshot.
CREATE OR REPLACE FUNCTION seen_request_answer(p_operation text, p_fingerprint uuid,
                                               p_client_request_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN (SELECT idempotent_answer(p_operation, p_fingerprint, p_client_request_id, r.operation,
                                   r.fingerprint, r.response, r.voided)
            FROM idempotency_records r WHERE r.client_request_id = p_client_request_id);
END
$fn$;

-- Takes the request id's advisory lock (held to the end of the transaction: of two calls with
-- one id, the second waits here for the first one's commit) and answers the id if it has an
-- idempotency record by then (seen_request_answer, in a snapshot taken after the lock).
CREATE OR REPLACE FUNCTION locked_request_answer(p_operation text, p_fingerprint uuid,
                                                 p_client_request_id uuid) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock(request_lock_key(p_client_request_id));
  RETURN seen_request_answer(p_operation, p_fingerprint, p_client_request_id);
END
$fn$;

-- Why a card with this status cannot pay or be credited: CARD_NOT_FOUND when p_status is NULL
-- (no such card), CARD_BLOCKED when it is not active; NULL when it is.
CREATE OR REPLACE FUNCTION card_unusable(p_card_uid text, p_status text) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT CASE
    WHEN p_status IS NULL THEN kiosk_error('CARD_NOT_FOUND', 'card ' || p_card_uid || ' is not registered')
    WHEN p_status <> 'active' THEN kiosk_error('CARD_BLOCKED', 'card ' || p_card_uid || ' is blocked')
  END
$fn$;

-- Credits p_amount_cents to an active card under its row lock, never above
-- p_max_balance_cents (a credit that clears an overdraft clears its flag): "previous_cents"
-- and "new_cents" are the card's balances. When the card refuses, nothing changes and "refusal" is the
-- answer (card_unusable, or BALANCE_LIMIT_EXCEEDED, OFFLINE_LIMIT_EXCEEDED for an offline
-- claim, with the most that may still be loaded) for the caller to record. p_what names the
-- request in the error raised should the card refuse twice without a reason.
CREATE OR REPLACE FUNCTION credit_card(p_card_uid text, p_amount_cents bigint,
                                       p_max_balance_cents bigint, p_offline boolean, p_what text,
                                       OUT previous_cents bigint, OUT new_cents bigint, OUT refusal jsonb)
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_card    record;
  v_attempt integer := 0;
BEGIN
  LOOP
    UPDATE cards c
       SET balance_cents = c.balance_cents + p_amount_cents,
           overdraft_flagged_at = CASE WHEN c.balance_cents + p_amount_cents >= 0 THEN NULL
                                       ELSE c.overdraft_flagged_at END,
           updated_at = now()
     WHERE c.card_uid = p_card_uid
       AND c.status = 'active'
       AND c.balance_cents + p_amount_cents <= p_max_balance_cents
    RETURNING c.balance_cents - p_amount_cents, c.balance_cents INTO previous_cents, new_cents;
    EXIT WHEN FOUND;

    v_attempt := v_attempt + 1;
    SELECT status, balance_cents INTO v_card FROM cards WHERE card_uid = p_card_uid FOR UPDATE;
    refusal := coalesce(card_unusable(p_card_uid, v_card.status), CASE
      WHEN v_card.balance_cents + p_amount_cents > p_max_balance_cents THEN
        kiosk_error(CASE WHEN p_offline THEN 'OFFLINE_LIMIT_EXCEEDED' ELSE 'BALANCE_LIMIT_EXCEEDED' END,
                    'the card holds ' || v_card.balance_cents || ' cents; at most '
                    || greatest(p_max_balance_cents - v_card.balance_cents, 0) || ' more may be loaded')
        || jsonb_build_object('balance_cents', v_card.balance_cents,
                              'max_balance_cents', p_max_balance_cents,
                              'max_amount_cents', greatest(p_max_balance_cents - v_card.balance_cents, 0))
    END);
    IF refusal IS NOT NULL THEN
      RETURN;
    END IF;
    IF v_attempt > 1 THEN
      RAISE EXCEPTION '% for card %: update refused without a reason', p_what, p_card_uid;
    END IF;
  END LOOP;
END
$fn$;

-- Records a completed request on a device that moved no card's money (a cash shift's
-- open, close or move) as its outcome, and returns the answer.
CREATE OR REPLACE FUNCTION record_completed(p_client_request_id uuid, p_operation text,
                                            p_fingerprint uuid, p_device_id text,
                                            p_response jsonb) RETURNS jsonb
LANGUAGE sql AS $fn$
  INSERT INTO idempotency_records (client_request_id, operation, fingerprint, response,
                                   succeeded, device_id)
  VALUES (p_client_request_id, p_operation, p_fingerprint, p_response, true, p_device_id)
  RETURNING response
$fn$;
