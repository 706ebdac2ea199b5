-- Void a request by its id (DESIGN, sp_void_request).
--   committed order     -> its total is credited back (a return-only order is debited back)
--   committed recharge  -> its amount is debited back, only if the card still holds it
--                          (else INSUFFICIENT_FUNDS, nothing recorded: settle at a checkpoint)
--   recorded rejection  -> nothing to reverse; the void is recorded
--   never arrived       -> a tombstone: the late arrival is answered REQUEST_VOIDED
-- Who may: a supervisor or admin with a session the server verified on this device; or the
-- request's own device without a supervisor (a self-void), within the event's
-- self_void_window_s of the request's p_captured_at. A self-void of a request that never
-- arrived leaves a tombstone bound to the voiding device: only that device's late arrival of
-- the id is refused. Every void is audited in `voids` (self_void, staff_verified).
-- One void per id: a repeated void returns the first one's answer with "replayed": true.
CREATE OR REPLACE FUNCTION sp_void_request(
  p_client_request_id uuid, p_device_id text, p_staff_id text, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_staff      record;
  v_supervisor boolean;
  v_verified   boolean;
  v_window     integer;
  v_seen       record;
  v_target     record;
  v_card       record;
  v_self       boolean;
  v_void_id    bigint;
  v_entry_id   bigint;
  v_response   jsonb;
BEGIN
  -- the arguments (INVALID_REQUEST), then the connection's device (UNAUTHORIZED)
  v_response := coalesce(
    invalid_request(coalesce(request_arguments_problem(p_client_request_id, p_device_id, p_staff_id),
                             CASE WHEN p_reason IS NULL OR length(btrim(p_reason)) NOT BETWEEN 1 AND 500
                                  THEN 'p_reason must be 1 to 500 characters' END)),
    unauthorized(device_caller_problem(p_device_id)));
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;
  SELECT s.enabled, s.role, d.role AS device_role INTO v_staff
    FROM (SELECT) AS one
    LEFT JOIN staff s ON s.staff_id = p_staff_id
    LEFT JOIN devices d ON d.device_id = p_device_id;
  IF v_staff.enabled IS NOT TRUE OR NOT v_staff.role = ANY (roles_for_device(v_staff.device_role)) THEN
    RETURN kiosk_error('UNAUTHORIZED', 'staff ' || p_staff_id || ' may not work on device ' || p_device_id);
  END IF;
  v_verified := staff_session_verified(p_device_id, p_staff_id);
  v_supervisor := v_staff.role IN ('supervisor', 'admin') AND v_verified;
  SELECT self_void_window_s INTO v_window FROM event_settings;

  PERFORM pg_advisory_xact_lock(request_lock_key(p_client_request_id));
  SELECT response INTO v_response FROM voids WHERE target_request_id = p_client_request_id;
  IF FOUND THEN
    RETURN v_response || '{"replayed": true}'::jsonb;
  END IF;

  SELECT operation, succeeded, device_id INTO v_seen
    FROM idempotency_records WHERE client_request_id = p_client_request_id;
  IF FOUND AND v_seen.operation IN ('open_cash_shift', 'close_cash_shift', 'move_cash') THEN
    -- a cash shift's request moved no card's money: close the shift, or move the cash back
    RETURN kiosk_error('INVALID_REQUEST', 'request ' || p_client_request_id || ' is a cash shift''s '
                       || replace(v_seen.operation, '_', ' ') || ', which cannot be voided')
           || jsonb_build_object('client_request_id', p_client_request_id);
  END IF;
  IF FOUND AND v_seen.operation = 'tombstone' THEN
    -- a supervisor's tombstone written before voids recorded every tombstone
    RETURN jsonb_build_object('success', true, 'status', 'completed',
                              'client_request_id', p_client_request_id,
                              'outcome', 'tombstone', 'replayed', true);
  END IF;
  SELECT NULL::text AS operation, NULL::bigint AS id, NULL::text AS card_uid, NULL::bigint AS change,
         NULL::text AS device_id, NULL::timestamptz AS captured_at INTO v_target;
  IF v_seen.succeeded OR v_seen.operation IS NULL THEN
    -- the money row, also for a record the purge removed
    SELECT 'bar_order' AS operation, order_id AS id, card_uid, total_cents AS change, device_id,
           captured_at INTO v_target
      FROM orders WHERE client_request_id = p_client_request_id;
    IF NOT FOUND THEN
      SELECT CASE WHEN payment_method = 'stripe' THEN 'stripe_recharge' ELSE 'checkpoint_recharge' END
               AS operation, recharge_id AS id, card_uid, -amount_cents AS change, device_id, captured_at
        INTO v_target
        FROM recharges WHERE client_request_id = p_client_request_id;
    END IF;
  END IF;

  -- may this caller void it?
  v_self := CASE
    WHEN v_target.id IS NOT NULL
      THEN v_target.device_id = p_device_id
           AND clock_timestamp() - v_target.captured_at <= make_interval(secs => v_window)
    WHEN v_seen.operation IS NOT NULL THEN v_seen.device_id = p_device_id  -- a decline moved no money
    ELSE true                                                              -- never arrived
  END;
  IF NOT v_supervisor AND v_self IS NOT TRUE THEN
    RETURN kiosk_error('UNAUTHORIZED',
      CASE WHEN coalesce(v_target.device_id, v_seen.device_id) IS DISTINCT FROM p_device_id
           THEN 'only a supervisor with a verified session may void another device''s request'
           ELSE 'the self-void window of ' || v_window || ' s has passed; a supervisor with a '
                || 'verified session may still void it' END);
  END IF;
  v_self := NOT v_supervisor;

  IF v_target.id IS NULL AND v_seen.operation IS NULL THEN
    -- never arrived: a tombstone answers its late arrival
    v_response := kiosk_error('REQUEST_VOIDED',
                    CASE WHEN v_self THEN 'this device voided the request before it arrived; '
                         ELSE 'a supervisor voided this request before it arrived; ' END
                    || 'nothing was charged')
                  || jsonb_build_object('client_request_id', p_client_request_id);
    IF v_self THEN
      INSERT INTO request_tombstones (client_request_id, device_id, response)
      VALUES (p_client_request_id, p_device_id, v_response);
    ELSE
      INSERT INTO idempotency_records (client_request_id, operation, fingerprint, response, succeeded,
                                       device_id)
      VALUES (p_client_request_id, 'tombstone', '00000000-0000-0000-0000-000000000000', v_response,
              false, p_device_id);
    END IF;
    v_response := jsonb_build_object('success', true, 'status', 'completed',
                                     'client_request_id', p_client_request_id,
                                     'outcome', 'tombstone', 'self_void', v_self, 'replayed', false);
    INSERT INTO voids (target_request_id, outcome, device_id, staff_id, reason, response,
                       staff_verified, self_void)
    VALUES (p_client_request_id, 'tombstone', p_device_id, p_staff_id, btrim(p_reason), v_response,
            v_verified, v_self);
    RETURN v_response;
  END IF;

  IF v_target.id IS NULL THEN
    -- a recorded rejection moved no money
    v_response := jsonb_build_object('success', true, 'status', 'completed',
                                     'client_request_id', p_client_request_id,
                                     'outcome', 'nothing_to_reverse',
                                     'voided_operation', v_seen.operation, 'self_void', v_self,
                                     'replayed', false);
    INSERT INTO voids (target_request_id, outcome, target_operation, device_id, staff_id,
                       reason, response, staff_verified, self_void)
    VALUES (p_client_request_id, 'nothing_to_reverse', v_seen.operation, p_device_id,
            p_staff_id, btrim(p_reason), v_response, v_verified, v_self);
    UPDATE idempotency_records SET voided = true WHERE client_request_id = p_client_request_id;
    RETURN v_response;
  END IF;

  SELECT balance_cents INTO v_card FROM cards WHERE card_uid = v_target.card_uid FOR UPDATE;
  IF v_target.change < 0 AND v_card.balance_cents + v_target.change < 0 THEN
    RETURN kiosk_error('INSUFFICIENT_FUNDS',
      'the card holds ' || v_card.balance_cents || ' cents, the void would take back '
      || -v_target.change || '; settle the difference at a checkpoint and void again')
      || jsonb_build_object('balance_cents', v_card.balance_cents,
                            'client_request_id', p_client_request_id);
  END IF;

  IF v_target.change > 0
     AND v_card.balance_cents + v_target.change > (SELECT max_balance_cents FROM event_settings) THEN
    RETURN kiosk_error('BALANCE_LIMIT_EXCEEDED',
      'giving back ' || v_target.change || ' cents would take the card above the event maximum; '
      || 'pay the difference out at a checkpoint first')
      || jsonb_build_object('balance_cents', v_card.balance_cents,
                            'client_request_id', p_client_request_id);
  END IF;

  UPDATE cards SET balance_cents = balance_cents + v_target.change,
                   overdraft_flagged_at = CASE WHEN balance_cents + v_target.change >= 0 THEN NULL
                                               ELSE overdraft_flagged_at END,
                   updated_at = now()
   WHERE card_uid = v_target.card_uid;
  v_void_id := nextval(pg_get_serial_sequence('voids', 'void_id'));
  v_entry_id := nextval(pg_get_serial_sequence('ledger', 'entry_id'));
  v_response := jsonb_build_object(
    'success', true, 'status', 'completed', 'client_request_id', p_client_request_id,
    'transaction_id', v_entry_id, 'card_uid', v_target.card_uid,
    'previous_balance_cents', v_card.balance_cents,
    'new_balance_cents', v_card.balance_cents + v_target.change, 'replayed', false,
    'outcome', 'reversed', 'voided_operation', v_target.operation,
    'amount_cents', v_target.change, 'self_void', v_self);
  INSERT INTO voids (void_id, target_request_id, outcome, target_operation, device_id, staff_id,
                     reason, response, staff_verified, self_void)
  VALUES (v_void_id, p_client_request_id, 'reversed', v_target.operation, p_device_id, p_staff_id,
          btrim(p_reason), v_response, v_verified, v_self);
  INSERT INTO ledger (entry_id, card_uid, kind, amount_cents, previous_balance_cents,
                      new_balance_cents, client_request_id, order_id, recharge_id,
                      void_id, device_id, staff_id, captured_at)
  VALUES (v_entry_id, v_target.card_uid, 'void', v_target.change, v_card.balance_cents,
          v_card.balance_cents + v_target.change, p_client_request_id,
          CASE WHEN v_target.operation = 'bar_order' THEN v_target.id END,
          CASE WHEN v_target.operation <> 'bar_order' THEN v_target.id END,
          v_void_id, p_device_id, p_staff_id, now());
  IF v_target.operation = 'bar_order' THEN
    UPDATE orders SET voided_at = now() WHERE client_request_id = p_client_request_id;
  ELSE
    UPDATE recharges SET voided_at = now() WHERE recharge_id = v_target.id;
  END IF;
  UPDATE idempotency_records SET voided = true WHERE client_request_id = p_client_request_id;
  RETURN v_response;
END
$fn$;
