-- A supervisor moves cash between an open shift's drawer and the safe (DESIGN, "Cash
-- shifts"): 'to_safe' takes it out of the drawer (never more than the drawer is expected to
-- hold), 'from_safe' adds change. Needs a supervisor or admin with a session the server
-- verified on the shift's device. Idempotent like a money call (payload: every argument).
CREATE OR REPLACE FUNCTION sp_move_cash(
  p_client_request_id uuid, p_device_id text, p_staff_id text, p_shift_id uuid,
  p_amount_cents bigint, p_direction text, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_reason   text := nullif(btrim(p_reason), '');
  v_fp       uuid;
  v_shift    record;
  v_fig      record;
  v_expected bigint;
  v_response jsonb;
BEGIN
  -- 1. argument shapes: the first problem, if any
  v_response := invalid_request(coalesce(
    request_arguments_problem(p_client_request_id, p_device_id, p_staff_id), CASE
    WHEN p_shift_id IS NULL THEN 'p_shift_id is required'
    WHEN p_amount_cents IS NULL THEN 'p_amount_cents is required'
    WHEN p_direction IS NULL OR p_direction NOT IN ('to_safe', 'from_safe')
      THEN 'p_direction must be ''to_safe'' or ''from_safe'''
    WHEN p_reason IS NOT NULL AND length(p_reason) > 500
      THEN 'p_reason is longer than 500 characters'
  END));
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;

  -- 2. a seen id: its stored outcome; 3. who is asking: the connection's device, a
  --    checkpoint; a verified supervisor there
  v_fp := md5(jsonb_build_array('move_cash', p_device_id, p_staff_id, p_shift_id, p_amount_cents,
                                p_direction, v_reason)::text)::uuid;
  v_response := coalesce(
    seen_request_answer('move_cash', v_fp, p_client_request_id),
    unauthorized(cash_drawer_caller_problem(p_device_id, p_staff_id, true)));
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;

  -- 4. one request id at a time; the shift's row locked; look again
  PERFORM pg_advisory_xact_lock(request_lock_key(p_client_request_id));
  SELECT shift_id, closed_at INTO v_shift
    FROM cash_shifts WHERE shift_id = p_shift_id AND device_id = p_device_id
     FOR UPDATE;
  v_response := seen_request_answer('move_cash', v_fp, p_client_request_id);
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;

  -- 5. business rejections are the request's recorded outcome
  IF v_shift.shift_id IS NULL OR v_shift.closed_at IS NOT NULL THEN
    RETURN record_decline(p_client_request_id, 'move_cash', v_fp, NULL, p_device_id,
      kiosk_error('INVALID_REQUEST', 'shift ' || p_shift_id || ' is not an open shift on ' || p_device_id)
      || jsonb_build_object('problem', 'no_open_shift'));
  END IF;
  IF p_amount_cents NOT BETWEEN 1 AND cash_amount_cap() THEN
    RETURN record_decline(p_client_request_id, 'move_cash', v_fp, NULL, p_device_id,
      kiosk_error('AMOUNT_OUT_OF_RANGE', 'a cash move is from 1 to ' || cash_amount_cap() || ' cents')
      || jsonb_build_object('min_amount_cents', 1, 'max_amount_cents', cash_amount_cap()));
  END IF;
  SELECT * INTO v_fig FROM cash_shift_figures(p_shift_id);
  IF p_direction = 'to_safe' AND p_amount_cents > v_fig.expected_cash_cents THEN
    RETURN record_decline(p_client_request_id, 'move_cash', v_fp, NULL, p_device_id,
      kiosk_error('AMOUNT_OUT_OF_RANGE', 'the drawer is expected to hold ' || v_fig.expected_cash_cents
                  || ' cents; ' || p_amount_cents || ' cannot go to the safe')
      || jsonb_build_object('problem', 'more_than_drawer',
                            'expected_cash_cents', v_fig.expected_cash_cents,
                            'max_amount_cents', greatest(v_fig.expected_cash_cents, 0)));
  END IF;
  IF p_direction = 'from_safe' AND v_fig.expected_cash_cents + p_amount_cents > cash_amount_cap() THEN
    RETURN record_decline(p_client_request_id, 'move_cash', v_fp, NULL, p_device_id,
      kiosk_error('AMOUNT_OUT_OF_RANGE', 'the drawer would hold more than ' || cash_amount_cap() || ' cents')
      || jsonb_build_object('expected_cash_cents', v_fig.expected_cash_cents,
                            'max_amount_cents', greatest(cash_amount_cap() - v_fig.expected_cash_cents, 0)));
  END IF;

  -- 6. the move and its outcome
  INSERT INTO cash_moves (client_request_id, shift_id, direction, amount_cents, device_id,
                          staff_id, staff_verified, reason)
  VALUES (p_client_request_id, p_shift_id, p_direction, p_amount_cents, p_device_id, p_staff_id,
          true, v_reason);
  v_expected := v_fig.expected_cash_cents
                + CASE WHEN p_direction = 'to_safe' THEN -p_amount_cents ELSE p_amount_cents END;
  v_response := jsonb_build_object(
    'success', true, 'status', 'completed', 'client_request_id', p_client_request_id,
    'shift_id', p_shift_id, 'amount_cents', p_amount_cents, 'direction', p_direction,
    'expected_cash_cents', v_expected, 'replayed', false);
  RETURN record_completed(p_client_request_id, 'move_cash', v_fp, p_device_id, v_response);
END
$fn$;
