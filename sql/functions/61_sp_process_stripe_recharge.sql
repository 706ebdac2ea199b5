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
  v_max      bigint;
  v_currency text;
  v_card     record;
  v_response jsonb;
BEGIN
  v_response := invalid_request(CASE
    WHEN p_stripe_session_id IS NULL OR p_stripe_session_id !~ '^[A-Za-z0-9_-]{1,255}$'
      THEN 'p_stripe_session_id is missing or malformed'
    WHEN p_amount_cents IS NULL THEN 'p_amount_cents is required'
    WHEN NOT (CASE WHEN jsonb_typeof(v_metadata) = 'object' THEN pg_column_size(v_metadata) <= 8192
                   ELSE false END) THEN 'p_metadata must be a JSON object of at most 8 kB'
  END);
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;

  v_id := md5('stripe:' || p_stripe_session_id)::uuid;
  v_fp := md5(jsonb_build_array('stripe_recharge', p_stripe_session_id, p_card_uid,
                                p_amount_cents)::text)::uuid;
  v_response := coalesce(seen_request_answer('stripe_recharge', v_fp, v_id),
                         purged_recharge_answer(v_id, p_card_uid, p_amount_cents, 'stripe', NULL, NULL));
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;

  SELECT max_balance_cents, currency INTO v_max, v_currency FROM event_settings;
  IF v_max IS NULL THEN
    RETURN kiosk_error('UNAUTHORIZED', 'the event is not configured yet');
  END IF;

  -- one session at a time; look again under the lock
  v_response := locked_request_answer('stripe_recharge', v_fp, v_id);
  IF v_response IS NOT NULL THEN
    RETURN v_response;
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

  -- the credit, under the card's row lock; a card that refuses it is the session's outcome
  -- and a Stripe problem
  SELECT previous_cents, new_cents, refusal INTO v_card
    FROM credit_card(p_card_uid, p_amount_cents, v_max, false, 'stripe recharge ' || p_stripe_session_id);
  IF v_card.refusal IS NOT NULL THEN
    RETURN record_stripe_problem(p_stripe_session_id, p_card_uid, p_amount_cents, v_metadata,
      record_decline(v_id, 'stripe_recharge', v_fp, p_card_uid, NULL,
        v_card.refusal || jsonb_build_object('stripe_session_id', p_stripe_session_id)));
  END IF;

  WITH ins_recharge AS (
    INSERT INTO recharges (client_request_id, card_uid, amount_cents, payment_method,
                           stripe_session_id, metadata, captured_at)
    VALUES (v_id, p_card_uid, p_amount_cents, 'stripe', p_stripe_session_id, v_metadata, now())
    RETURNING recharge_id
  ), ins_ledger AS (
    INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents,
                                new_balance_cents, client_request_id, recharge_id, captured_at)
    SELECT p_card_uid, 'recharge', p_amount_cents, v_card.previous_cents, v_card.new_cents, v_id,
           r.recharge_id, now()
      FROM ins_recharge r
    RETURNING entry_id, recharge_id
  ), ins_outcome AS (
    INSERT INTO idempotency_records (client_request_id, operation, fingerprint, response,
                                     succeeded, card_uid)
    SELECT v_id, 'stripe_recharge', v_fp,
           money_answer(v_id, l.entry_id, p_card_uid, v_card.previous_cents, v_card.new_cents, false)
           || jsonb_build_object(
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
