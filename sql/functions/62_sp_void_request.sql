CREATE OR REPLACE FUNCTION sp_void_request(
  p_client_request_id uuid, p_device_id text, p_staff_id text, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_auth     record;
  v_seen     record;
  v_target   record;
  v_card     record;
  v_void_id  bigint;
  v_entry_id bigint;
  v_response jsonb;
BEGIN
  IF p_client_request_id IS NULL THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_client_request_id is required');
  END IF;
  IF NOT is_slug(p_device_id) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_device_id is missing or malformed');
  END IF;
  IF NOT is_slug(p_staff_id) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_staff_id is missing or malformed');
  END IF;
  IF p_reason IS NULL OR length(btrim(p_reason)) NOT BETWEEN 1 AND 500 THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_reason must be 1 to 500 characters');
  END IF;

  SELECT d.enabled AS device_enabled, s.enabled AS staff_enabled, s.role AS staff_role
    INTO v_auth
    FROM (SELECT) AS one
    LEFT JOIN devices d ON d.device_id = p_device_id
    LEFT JOIN staff s ON s.staff_id = p_staff_id;
  IF v_auth.device_enabled IS NOT TRUE THEN
    RETURN kiosk_error('UNAUTHORIZED', 'device ' || p_device_id || ' is unknown or disabled');
  END IF;
  IF v_auth.staff_enabled IS NOT TRUE OR v_auth.staff_role NOT IN ('supervisor', 'admin') THEN
    RETURN kiosk_error('UNAUTHORIZED', 'only a supervisor may void a request');
  END IF;

  PERFORM pg_advisory_xact_lock(request_lock_key(p_client_request_id));
  SELECT response INTO v_response FROM voids WHERE target_request_id = p_client_request_id;
  IF FOUND THEN
    RETURN v_response || '{"replayed": true}'::jsonb;
  END IF;

  SELECT operation, succeeded INTO v_seen
    FROM idempotency_records WHERE client_request_id = p_client_request_id;

  IF NOT FOUND THEN
    -- never arrived: a tombstone answers its late arrival
    INSERT INTO idempotency_records (client_request_id, operation, fingerprint, response, succeeded)
    VALUES (p_client_request_id, 'tombstone', '00000000-0000-0000-0000-000000000000',
            kiosk_error('REQUEST_VOIDED', 'a supervisor voided this request before it arrived; '
                                          || 'nothing was charged')
            || jsonb_build_object('client_request_id', p_client_request_id),
            false);
    v_response := jsonb_build_object('success', true, 'status', 'completed',
                                     'client_request_id', p_client_request_id,
                                     'outcome', 'tombstone', 'replayed', false);
    INSERT INTO voids (target_request_id, outcome, device_id, staff_id, reason, response)
    VALUES (p_client_request_id, 'tombstone', p_device_id, p_staff_id, btrim(p_reason), v_response);
    RETURN v_response;
  END IF;

  IF NOT v_seen.succeeded THEN
    -- a recorded rejection moved no money
    v_response := jsonb_build_object('success', true, 'status', 'completed',
                                     'client_request_id', p_client_request_id,
                                     'outcome', 'nothing_to_reverse',
                                     'voided_operation', v_seen.operation, 'replayed', false);
    INSERT INTO voids (target_request_id, outcome, target_operation, device_id, staff_id,
                       reason, response)
    VALUES (p_client_request_id, 'nothing_to_reverse', v_seen.operation, p_device_id,
            p_staff_id, btrim(p_reason), v_response);
    UPDATE idempotency_records SET voided = true WHERE client_request_id = p_client_request_id;
    RETURN v_response;
  END IF;

  IF v_seen.operation = 'bar_order' THEN
    SELECT order_id AS id, card_uid, total_cents AS change INTO v_target
      FROM orders WHERE client_request_id = p_client_request_id;
  ELSE
    SELECT recharge_id AS id, card_uid, -amount_cents AS change INTO v_target
      FROM recharges WHERE client_request_id = p_client_request_id;
  END IF;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'request % succeeded but its % row is missing',
      p_client_request_id, v_seen.operation;
  END IF;

  SELECT balance_cents INTO v_card FROM cards WHERE card_uid = v_target.card_uid FOR UPDATE;
  IF v_target.change < 0 AND v_card.balance_cents + v_target.change < 0 THEN
    RETURN kiosk_error('INSUFFICIENT_FUNDS',
      'the card holds ' || v_card.balance_cents || ' cents, the void would take back '
      || -v_target.change || '; settle the difference at a checkpoint and void again')
      || jsonb_build_object('balance_cents', v_card.balance_cents,
                            'client_request_id', p_client_request_id);
  END IF;

  UPDATE cards SET balance_cents = balance_cents + v_target.change, updated_at = now()
   WHERE card_uid = v_target.card_uid;
  v_void_id := nextval(pg_get_serial_sequence('voids', 'void_id'));
  v_entry_id := nextval(pg_get_serial_sequence('ledger', 'entry_id'));
  v_response := jsonb_build_object(
    'success', true, 'status', 'completed', 'client_request_id', p_client_request_id,
    'transaction_id', v_entry_id, 'card_uid', v_target.card_uid,
    'previous_balance_cents', v_card.balance_cents,
    'new_balance_cents', v_card.balance_cents + v_target.change, 'replayed', false,
    'outcome', 'reversed', 'voided_operation', v_seen.operation,
    'amount_cents', v_target.change);
  INSERT INTO voids (void_id, target_request_id, outcome, target_operation, device_id, staff_id,
                     reason, response)
  VALUES (v_void_id, p_client_request_id, 'reversed', v_seen.operation, p_device_id, p_staff_id,
          btrim(p_reason), v_response);
  INSERT INTO ledger (entry_id, card_uid, kind, amount_cents, previous_balance_cents,
                              new_balance_cents, client_request_id, order_id, recharge_id,
                              void_id, device_id, staff_id, captured_at)
  VALUES (v_entry_id, v_target.card_uid, 'void', v_target.change, v_card.balance_cents,
          v_card.balance_cents + v_target.change, p_client_request_id,
          CASE WHEN v_seen.operation = 'bar_order' THEN v_target.id END,
          CASE WHEN v_seen.operation <> 'bar_order' THEN v_target.id END,
          v_void_id, p_device_id, p_staff_id, now());
  IF v_seen.operation = 'bar_order' THEN
    UPDATE orders SET voided_at = now() WHERE client_request_id = p_client_request_id;
  ELSE
    UPDATE recharges SET voided_at = now() WHERE recharge_id = v_target.id;
  END IF;
  UPDATE idempotency_records SET voided = true WHERE client_request_id = p_client_request_id;
  RETURN v_response;
END
$fn$;
