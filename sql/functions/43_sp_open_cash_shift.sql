-- Opens a cashier's shift on a checkpoint device with its counted opening float (DESIGN,
-- "Cash shifts"). The shift id is p_client_request_id, so an offline kiosk knows it before
-- the server answers. Idempotent like a money call (payload: device, staff, float); one open
-- shift per cashier and device: a second open answers INVALID_REQUEST "shift_already_open"
-- with the open shift, which the kiosk adopts. Offline: opened_at is p_captured_at and the
-- shift is unverified; online it is verified when the cashier's session was.
CREATE OR REPLACE FUNCTION sp_open_cash_shift(
  p_client_request_id uuid, p_device_id text, p_staff_id text, p_opening_float_cents bigint,
  p_captured_at timestamptz DEFAULT now(), p_offline boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_offline  boolean := coalesce(p_offline, false);
  v_captured timestamptz := coalesce(p_captured_at, now());
  v_fp       uuid;
  v_open     record;
  v_verified boolean;
  v_opened   timestamptz;
  v_response jsonb;
BEGIN
  -- 1. argument shapes: the first problem, if any
  v_response := invalid_request(coalesce(
    request_arguments_problem(p_client_request_id, p_device_id, p_staff_id), CASE
    WHEN p_opening_float_cents IS NULL THEN 'p_opening_float_cents is required'
    WHEN NOT isfinite(v_captured) THEN 'p_captured_at must be a finite timestamp'
  END));
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;

  -- 2. a seen id: its stored outcome; 3. who is asking: the connection's device, a
  --    checkpoint; staff who may work there
  v_fp := md5(jsonb_build_array('open_cash_shift', p_device_id, p_staff_id,
                                p_opening_float_cents)::text)::uuid;
  v_response := coalesce(
    seen_request_answer('open_cash_shift', v_fp, p_client_request_id),
    unauthorized(cash_drawer_caller_problem(p_device_id, p_staff_id, false)));
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;

  v_verified := NOT v_offline AND staff_session_verified(p_device_id, p_staff_id);

  -- 4. one request id at a time, one cashier's shifts on this device at a time; look again
  PERFORM pg_advisory_xact_lock(request_lock_key(p_client_request_id));
  PERFORM cash_shift_lock(p_device_id, p_staff_id);
  v_response := seen_request_answer('open_cash_shift', v_fp, p_client_request_id);
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;

  -- 5. business rejections are the request's recorded outcome
  IF p_opening_float_cents NOT BETWEEN 0 AND cash_amount_cap() THEN
    RETURN record_decline(p_client_request_id, 'open_cash_shift', v_fp, NULL, p_device_id,
      kiosk_error('AMOUNT_OUT_OF_RANGE', 'an opening float is from 0 to ' || cash_amount_cap() || ' cents')
      || jsonb_build_object('min_amount_cents', 0, 'max_amount_cents', cash_amount_cap()));
  END IF;
  SELECT shift_id, opened_at, opening_float_cents INTO v_open
    FROM cash_shifts
   WHERE device_id = p_device_id AND staff_id = p_staff_id AND closed_at IS NULL;
  IF FOUND THEN
    RETURN record_decline(p_client_request_id, 'open_cash_shift', v_fp, NULL, p_device_id,
      kiosk_error('INVALID_REQUEST', 'staff ' || p_staff_id || ' already has an open cash shift on '
                  || p_device_id || '; close it first')
      || jsonb_build_object('problem', 'shift_already_open', 'shift_id', v_open.shift_id,
                            'opened_at', v_open.opened_at,
                            'opening_float_cents', v_open.opening_float_cents));
  END IF;

  -- 6. the shift and its outcome
  v_opened := CASE WHEN v_offline THEN v_captured ELSE now() END;
  INSERT INTO cash_shifts (shift_id, device_id, staff_id, opening_float_cents, opened_at,
                           open_offline, open_verified)
  VALUES (p_client_request_id, p_device_id, p_staff_id, p_opening_float_cents, v_opened,
          v_offline, v_verified);
  v_response := jsonb_build_object(
    'success', true, 'status', 'completed', 'client_request_id', p_client_request_id,
    'shift_id', p_client_request_id, 'device_id', p_device_id, 'staff_id', p_staff_id,
    'opening_float_cents', p_opening_float_cents, 'opened_at', v_opened,
    'verified', v_verified, 'replayed', false);
  RETURN record_completed(p_client_request_id, 'open_cash_shift', v_fp, p_device_id, v_response);
END
$fn$;
