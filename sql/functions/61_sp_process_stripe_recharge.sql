-- Stripe Checkout top-up, called by the webhook receiver (role `payments`).
-- Idempotent on the session id: its request id is md5('stripe:' || session id) as a
-- uuid, so a Stripe session can also be voided like any request. The fingerprint
-- is session, card and amount; metadata is stored but not compared (a webhook
-- retry may carry other event details for the same session). A decline of a session (paid,
-- but nothing credited) is also recorded as a Stripe problem (record_stripe_problem) for
-- the review queue; metadata.currency, when given, must be the event's.
CREATE OR REPLACE FUNCTION sp_process_stripe_recharge(
  p_stripe_session_id text, p_card_uid text, p_amount_cents bigint,
  p_metadata jsonb DEFAULT '{}')
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_metadata jsonb := coalesce(p_metadata, '{}');
  v_id       uuid;
  v_fp       uuid;
  v_seen     record;
  v_max      bigint;
  v_currency text;
  v_card     record;
  v_attempt  integer := 0;
  v_response jsonb;
BEGIN
  IF p_stripe_session_id IS NULL OR p_stripe_session_id !~ '^[A-Za-z0-9_-]{1,255}$' THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_stripe_session_id is missing or malformed');
  END IF;
  IF p_amount_cents IS NULL THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_amount_cents is required');
  END IF;
  IF NOT (CASE WHEN jsonb_typeof(v_metadata) = 'object' THEN pg_column_size(v_metadata) <= 8192
               ELSE false END) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_metadata must be a JSON object of at most 8 kB');
  END IF;

  v_id := md5('stripe:' || p_stripe_session_id)::uuid;
  v_fp := md5(jsonb_build_array('stripe_recharge', p_stripe_session_id, p_card_uid,
                                p_amount_cents)::text)::uuid;
  SELECT operation, fingerprint, response, voided INTO v_seen
    FROM idempotency_records WHERE client_request_id = v_id;
  IF FOUND THEN
    RETURN idempotent_answer('stripe_recharge', v_fp, v_id, v_seen.operation,
                             v_seen.fingerprint, v_seen.response, v_seen.voided);
  END IF;

  v_response := purged_recharge_answer(v_id, p_card_uid, p_amount_cents, 'stripe', NULL, NULL);
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;

  SELECT max_balance_cents, currency INTO v_max, v_currency FROM event_settings;
  IF v_max IS NULL THEN
    RETURN kiosk_error('UNAUTHORIZED', 'the event is not configured yet');
  END IF;

  PERFORM pg_advisory_xact_lock(request_lock_key(v_id));
  SELECT operation, fingerprint, response, voided INTO v_seen
    FROM idempotency_records WHERE client_request_id = v_id;
  IF FOUND THEN
    RETURN idempotent_answer('stripe_recharge', v_fp, v_id, v_seen.operation,
                             v_seen.fingerprint, v_seen.response, v_seen.voided);
  END IF;

  -- A paid session that cannot be credited is still its outcome, and a Stripe problem
  -- for the review queue: a malformed card in its metadata, or another currency.
  IF NOT is_card_uid(p_card_uid) THEN
    RETURN record_stripe_problem(p_stripe_session_id, p_card_uid, p_amount_cents, v_metadata,
      record_decline(v_id, 'stripe_recharge', v_fp, NULL, NULL,
        kiosk_error('INVALID_REQUEST', 'p_card_uid must be 8 to 20 uppercase hex digits')
        || jsonb_build_object('stripe_session_id', p_stripe_session_id)));
  END IF;
  IF v_metadata ? 'currency' AND upper(v_metadata ->> 'currency') IS DISTINCT FROM v_currency THEN
    RETURN record_stripe_problem(p_stripe_session_id, p_card_uid, p_amount_cents, v_metadata,
      record_decline(v_id, 'stripe_recharge', v_fp, p_card_uid, NULL,
        kiosk_error('INVALID_REQUEST', 'the session was paid in ' || left(v_metadata ->> 'currency', 8)
                    || ', the event''s currency is ' || v_currency)
        || jsonb_build_object('stripe_session_id', p_stripe_session_id)));
  END IF;
  IF p_amount_cents NOT BETWEEN 1 AND v_max THEN
    RETURN record_stripe_problem(p_stripe_session_id, p_card_uid, p_amount_cents, v_metadata,
      record_decline(v_id, 'stripe_recharge', v_fp, p_card_uid, NULL,
      kiosk_error('AMOUNT_OUT_OF_RANGE', 'a recharge is from 1 to ' || v_max || ' cents')
      || jsonb_build_object('min_amount_cents', 1, 'max_amount_cents', v_max,
                            'stripe_session_id', p_stripe_session_id)));
  END IF;

  LOOP
    UPDATE cards c
       SET balance_cents = c.balance_cents + p_amount_cents,
           overdraft_flagged_at = CASE WHEN c.balance_cents + p_amount_cents >= 0 THEN NULL
                                       ELSE c.overdraft_flagged_at END,
           updated_at = now()
     WHERE c.card_uid = p_card_uid
       AND c.status = 'active'
       AND c.balance_cents + p_amount_cents <= v_max
    RETURNING c.balance_cents - p_amount_cents AS previous, c.balance_cents AS new INTO v_card;
    EXIT WHEN FOUND;

    v_attempt := v_attempt + 1;
    SELECT status, balance_cents INTO v_card FROM cards WHERE card_uid = p_card_uid FOR UPDATE;
    IF NOT FOUND THEN
      RETURN record_stripe_problem(p_stripe_session_id, p_card_uid, p_amount_cents, v_metadata,
      record_decline(v_id, 'stripe_recharge', v_fp, p_card_uid, NULL,
        kiosk_error('CARD_NOT_FOUND', 'card ' || p_card_uid || ' is not registered')
        || jsonb_build_object('stripe_session_id', p_stripe_session_id)));
    END IF;
    IF v_card.status <> 'active' THEN
      RETURN record_stripe_problem(p_stripe_session_id, p_card_uid, p_amount_cents, v_metadata,
      record_decline(v_id, 'stripe_recharge', v_fp, p_card_uid, NULL,
        kiosk_error('CARD_BLOCKED', 'card ' || p_card_uid || ' is blocked')
        || jsonb_build_object('stripe_session_id', p_stripe_session_id)));
    END IF;
    IF v_card.balance_cents + p_amount_cents > v_max THEN
      RETURN record_stripe_problem(p_stripe_session_id, p_card_uid, p_amount_cents, v_metadata,
      record_decline(v_id, 'stripe_recharge', v_fp, p_card_uid, NULL,
        kiosk_error('BALANCE_LIMIT_EXCEEDED', 'the card holds ' || v_card.balance_cents
                    || ' cents; at most ' || greatest(v_max - v_card.balance_cents, 0)
                    || ' more may be loaded')
        || jsonb_build_object('balance_cents', v_card.balance_cents, 'max_balance_cents', v_max,
                              'max_amount_cents', greatest(v_max - v_card.balance_cents, 0),
                              'stripe_session_id', p_stripe_session_id)));
    END IF;
    IF v_attempt > 1 THEN
      RAISE EXCEPTION 'stripe recharge % for card %: update refused without a reason',
        p_stripe_session_id, p_card_uid;
    END IF;
  END LOOP;

  WITH ins_recharge AS (
    INSERT INTO recharges (client_request_id, card_uid, amount_cents, payment_method,
                           stripe_session_id, metadata, captured_at)
    VALUES (v_id, p_card_uid, p_amount_cents, 'stripe', p_stripe_session_id, v_metadata, now())
    RETURNING recharge_id
  ), ins_ledger AS (
    INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents,
                                new_balance_cents, client_request_id, recharge_id, captured_at)
    SELECT p_card_uid, 'recharge', p_amount_cents, v_card.previous, v_card.new, v_id,
           r.recharge_id, now()
      FROM ins_recharge r
    RETURNING entry_id, recharge_id
  ), ins_outcome AS (
    INSERT INTO idempotency_records (client_request_id, operation, fingerprint, response,
                                     succeeded, card_uid)
    SELECT v_id, 'stripe_recharge', v_fp,
           jsonb_build_object(
             'success', true, 'status', 'completed',
             'client_request_id', v_id, 'transaction_id', l.entry_id,
             'card_uid', p_card_uid, 'previous_balance_cents', v_card.previous,
             'new_balance_cents', v_card.new, 'replayed', false,
             'recharge_id', l.recharge_id, 'amount_cents', p_amount_cents,
             'payment_method', 'stripe', 'stripe_session_id', p_stripe_session_id),
           true, p_card_uid
      FROM ins_ledger l
    RETURNING response
  )
  SELECT response INTO v_response FROM ins_outcome;
  RETURN v_response;
END
$fn$;
