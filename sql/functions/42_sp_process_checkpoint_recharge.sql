-- A checkpoint recharge (DESIGN, sp_process_checkpoint_recharge): the shape of
-- sp_process_bar_order (see its file), with the device's hourly offline amount and the
-- event's maximum balance bounding offline claims.
-- The recharge belongs to a cash shift of its cashier on its device (DESIGN "Cash shifts",
-- docs/decisions/021-cash-shifts.md): online, the shift open now (a cash recharge without one
-- is UNAUTHORIZED "open a cash shift first"; a card-terminal one is never refused for lack
-- of a shift); offline, the shift open at p_captured_at, even if closed since (the shift then
-- reads as adjusted after close: cash_shift_adjusted_at), else none (shift-less, listed by review).
CREATE OR REPLACE FUNCTION sp_process_checkpoint_recharge(
  p_client_request_id uuid, p_card_uid text, p_amount_cents bigint,
  p_payment_method text, p_checkpoint_id text, p_device_id text, p_staff_id text,
  p_captured_at timestamptz DEFAULT now(), p_offline boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_offline  boolean := coalesce(p_offline, false);
  v_captured timestamptz := coalesce(p_captured_at, now());
  v_fp       uuid;
  v_auth     record;
  v_card     record;
  v_response jsonb;
  v_verified boolean;
  v_answer   jsonb;
  v_hour     bigint;
  v_shift    record;
BEGIN
  -- 1. argument shapes: the first problem, if any
  v_answer := invalid_request(CASE
    WHEN p_client_request_id IS NULL THEN 'p_client_request_id is required'
    WHEN NOT is_card_uid(p_card_uid) THEN 'p_card_uid must be 8 to 20 uppercase hex digits'
    WHEN p_amount_cents IS NULL THEN 'p_amount_cents is required'
    WHEN p_payment_method IS NULL OR p_payment_method NOT IN ('cash', 'card')
      THEN 'p_payment_method must be ''cash'' or ''card'''
    WHEN NOT is_slug(p_checkpoint_id) THEN 'p_checkpoint_id is missing or malformed'
    WHEN NOT is_slug(p_device_id) THEN 'p_device_id is missing or malformed'
    WHEN NOT is_slug(p_staff_id) THEN 'p_staff_id is missing or malformed'
    WHEN NOT isfinite(v_captured) THEN 'p_captured_at must be a finite timestamp'
  END);
  IF v_answer IS NOT NULL THEN
    RETURN v_answer;
  END IF;

  -- 2. a seen id: its stored outcome, read-only; a tombstone this device left by voiding the
  --    id itself; a recharge whose record was purged. Then 3. who is asking: the connection's
  --    device (UNAUTHORIZED) ...
  v_fp := md5(jsonb_build_array('checkpoint_recharge', p_card_uid, p_amount_cents,
                                p_payment_method, p_checkpoint_id, p_device_id, p_staff_id)::text)::uuid;
  v_answer := coalesce(
    seen_request_answer('checkpoint_recharge', v_fp, p_client_request_id),
    (SELECT response FROM request_tombstones
      WHERE client_request_id = p_client_request_id AND device_id = p_device_id),
    purged_recharge_answer(p_client_request_id, p_card_uid, p_amount_cents,
                           p_payment_method, p_device_id, p_staff_id),
    unauthorized(device_caller_problem(p_device_id)));
  IF v_answer IS NOT NULL THEN
    RETURN v_answer;
  END IF;

  -- ... assigned here; staff who may recharge
  SELECT d.enabled AS device_enabled, d.role AS device_role, d.checkpoint_id AS device_checkpoint,
         s.enabled AS staff_enabled, s.role AS staff_role, e.max_balance_cents,
         e.offline_device_limit_cents
    INTO v_auth
    FROM (SELECT) AS one
    LEFT JOIN devices d ON d.device_id = p_device_id
    LEFT JOIN staff s ON s.staff_id = p_staff_id
    LEFT JOIN event_settings e ON true;
  v_verified := staff_session_verified(p_device_id, p_staff_id);
  IF v_auth.device_role <> 'checkpoint' OR v_auth.device_checkpoint IS DISTINCT FROM p_checkpoint_id THEN
    RETURN kiosk_error('UNAUTHORIZED',
      'device ' || p_device_id || ' is not assigned to checkpoint ' || p_checkpoint_id);
  END IF;
  IF v_auth.staff_enabled IS NOT TRUE OR v_auth.staff_role NOT IN ('cashier', 'supervisor', 'admin') THEN
    RETURN kiosk_error('UNAUTHORIZED', 'staff ' || p_staff_id || ' may not recharge cards');
  END IF;
  IF v_auth.max_balance_cents IS NULL THEN
    RETURN kiosk_error('UNAUTHORIZED', 'the event is not configured yet');
  END IF;

  -- 4. one request id at a time; look again under the lock
  v_answer := locked_request_answer('checkpoint_recharge', v_fp, p_client_request_id);
  IF v_answer IS NOT NULL THEN
    RETURN v_answer;
  END IF;

  -- the shift it belongs to (its row share-locked: a close waits for this recharge)
  SELECT shift_id, closed INTO v_shift FROM recharge_shift(p_device_id, p_staff_id, v_offline, v_captured);
  IF v_shift.shift_id IS NULL AND p_payment_method = 'cash' AND NOT v_offline THEN
    RETURN kiosk_error('UNAUTHORIZED', 'open a cash shift first')
           || jsonb_build_object('problem', 'no_open_shift', 'client_request_id', p_client_request_id);
  END IF;

  -- 5. business rejections are the request's recorded outcome
  IF p_amount_cents NOT BETWEEN 1 AND v_auth.max_balance_cents THEN
    RETURN record_decline(p_client_request_id, 'checkpoint_recharge', v_fp, p_card_uid, p_device_id,
      kiosk_error('AMOUNT_OUT_OF_RANGE', 'a recharge is from 1 to '
                  || v_auth.max_balance_cents || ' cents')
      || jsonb_build_object('min_amount_cents', 1, 'max_amount_cents', v_auth.max_balance_cents));
  END IF;

  -- an offline claim: within the device's hourly offline amount (server clock)
  IF v_offline THEN
    PERFORM offline_device_lock(p_device_id);
    v_hour := offline_amount_last_hour(p_device_id);
    IF v_hour + p_amount_cents > v_auth.offline_device_limit_cents THEN
      RETURN record_decline(p_client_request_id, 'checkpoint_recharge', v_fp, p_card_uid, p_device_id,
        offline_limit_error('device ' || p_device_id || ' submitted ' || v_hour
                            || ' cents offline within the last hour; the limit is '
                            || v_auth.offline_device_limit_cents,
                            jsonb_build_object('limit', 'device_hour', 'offline_amount_last_hour_cents', v_hour,
                                               'offline_device_limit_cents',
                                               v_auth.offline_device_limit_cents)));
    END IF;
  END IF;

  -- the credit, under the card's row lock; a card that refuses it is the recorded outcome
  SELECT previous_cents, new_cents, refusal INTO v_card
    FROM credit_card(p_card_uid, p_amount_cents, v_auth.max_balance_cents, v_offline,
                     'recharge ' || p_client_request_id);
  IF v_card.refusal IS NOT NULL THEN
    RETURN record_decline(p_client_request_id, 'checkpoint_recharge', v_fp, p_card_uid, p_device_id,
                          v_card.refusal);
  END IF;

  -- 6. the recharge, its ledger row and its outcome: one statement
  WITH ins_recharge AS (
    INSERT INTO recharges (client_request_id, card_uid, amount_cents, payment_method,
                           checkpoint_id, device_id, staff_id, offline, captured_at, staff_verified,
                           shift_id)
    VALUES (p_client_request_id, p_card_uid, p_amount_cents, p_payment_method,
            p_checkpoint_id, p_device_id, p_staff_id, v_offline, v_captured, v_verified,
            v_shift.shift_id)
    RETURNING recharge_id
  ), ins_ledger AS (
    INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents,
                                new_balance_cents, client_request_id, recharge_id, device_id,
                                staff_id, offline, captured_at)
    SELECT p_card_uid, 'recharge', p_amount_cents, v_card.previous_cents, v_card.new_cents,
           p_client_request_id, r.recharge_id, p_device_id, p_staff_id, v_offline, v_captured
      FROM ins_recharge r
    RETURNING entry_id, recharge_id
  ), ins_outcome AS (
    INSERT INTO idempotency_records (client_request_id, operation, fingerprint, response,
                                     succeeded, card_uid, device_id)
    SELECT p_client_request_id, 'checkpoint_recharge', v_fp,
           money_answer(p_client_request_id, l.entry_id, p_card_uid, v_card.previous_cents,
                        v_card.new_cents, false)
           || jsonb_build_object(
             'recharge_id', l.recharge_id, 'amount_cents', p_amount_cents,
             'payment_method', p_payment_method, 'offline', v_offline,
             'shift_id', v_shift.shift_id),
           true, p_card_uid, p_device_id
      FROM ins_ledger l
    RETURNING response
  )
  SELECT response INTO v_response FROM ins_outcome;
  RETURN v_response;
END
$fn$;
