-- Closes a cash shift with the drawer's count by denomination (DESIGN, "Cash shifts") and
-- answers expected (float + cash recharges - cash voided -/+ cash moved to/from the safe),
-- counted and difference (counted - expected). Idempotent like a money call (payload: every
-- argument but p_captured_at and p_offline).
-- Beyond the contract, two trailing optional arguments (docs/decisions/021-cash-shifts.md):
-- p_shift_id names the shift to close; another cashier's shift (a cashier who left) may be
-- closed only by a supervisor or admin with a verified session on this device, with p_reason.
-- Without p_shift_id: p_staff_id's open shift on p_device_id.
CREATE OR REPLACE FUNCTION sp_close_cash_shift(
  p_client_request_id uuid, p_device_id text, p_staff_id text, p_counted_cash_cents bigint,
  p_counted jsonb, p_captured_at timestamptz DEFAULT now(), p_offline boolean DEFAULT false,
  p_shift_id uuid DEFAULT NULL, p_reason text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_offline   boolean := coalesce(p_offline, false);
  v_captured  timestamptz := coalesce(p_captured_at, now());
  v_reason    text := nullif(btrim(p_reason), '');
  v_fp        uuid;
  v_auth      record;
  v_verified  boolean;
  v_supervisor boolean;
  v_denoms    bigint[];
  v_key       text;
  v_value     jsonb;
  v_count     numeric;
  v_sum       numeric := 0;
  v_shift     record;
  v_fig       record;
  v_closed    timestamptz;
  v_response  jsonb;
BEGIN
  -- 1. argument shapes: the first problem, if any
  v_response := invalid_request(coalesce(
    request_arguments_problem(p_client_request_id, p_device_id, p_staff_id), CASE
    WHEN p_counted_cash_cents IS NULL THEN 'p_counted_cash_cents is required'
    WHEN p_counted IS NULL OR jsonb_typeof(p_counted) <> 'object'
      THEN 'p_counted must be a JSON object of denomination (cents) to count, e.g. {"5000": 3}'
    WHEN octet_length(p_counted::text) > 8192 THEN 'p_counted is larger than 8 kB'
    WHEN NOT isfinite(v_captured) THEN 'p_captured_at must be a finite timestamp'
    WHEN p_reason IS NOT NULL AND length(p_reason) > 500
      THEN 'p_reason is longer than 500 characters'
  END));
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;

  -- 2. a seen id: its stored outcome; 3. who is asking: the connection's device, a
  --    checkpoint; staff who may work there
  v_fp := md5(jsonb_build_array('close_cash_shift', p_device_id, p_staff_id, p_counted_cash_cents,
                                p_counted, p_shift_id, v_reason)::text)::uuid;
  v_response := coalesce(
    seen_request_answer('close_cash_shift', v_fp, p_client_request_id),
    unauthorized(cash_drawer_caller_problem(p_device_id, p_staff_id, false)));
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;

  SELECT s.role AS staff_role, e.currency
    INTO v_auth
    FROM (SELECT) AS one
    LEFT JOIN staff s ON s.staff_id = p_staff_id
    LEFT JOIN event_settings e ON true;
  v_verified := NOT v_offline AND staff_session_verified(p_device_id, p_staff_id);
  v_supervisor := v_auth.staff_role IN ('supervisor', 'admin')
                  AND staff_session_verified(p_device_id, p_staff_id);

  -- 4. one request id at a time; the shift's row locked (recharges on it finish first)
  PERFORM pg_advisory_xact_lock(request_lock_key(p_client_request_id));
  IF p_shift_id IS NULL THEN
    PERFORM cash_shift_lock(p_device_id, p_staff_id);
    SELECT shift_id, staff_id, opened_at, closed_at INTO v_shift
      FROM cash_shifts
     WHERE device_id = p_device_id AND staff_id = p_staff_id AND closed_at IS NULL
       FOR UPDATE;
  ELSE
    SELECT shift_id, staff_id, opened_at, closed_at INTO v_shift
      FROM cash_shifts WHERE shift_id = p_shift_id AND device_id = p_device_id
       FOR UPDATE;
  END IF;
  v_response := seen_request_answer('close_cash_shift', v_fp, p_client_request_id);
  IF v_response IS NOT NULL THEN
    RETURN v_response;
  END IF;
  -- another cashier's shift: a supervisor with a verified session, and a reason
  IF v_shift.staff_id IS DISTINCT FROM p_staff_id AND v_shift.shift_id IS NOT NULL THEN
    IF NOT v_supervisor THEN
      RETURN kiosk_error('UNAUTHORIZED', 'only a supervisor with a verified session on '
                         || p_device_id || ' may close another cashier''s shift');
    END IF;
    IF v_reason IS NULL THEN
      RETURN kiosk_error('UNAUTHORIZED', 'closing another cashier''s shift needs a reason');
    END IF;
  END IF;

  -- 5. business rejections are the request's recorded outcome
  IF v_shift.shift_id IS NULL OR v_shift.closed_at IS NOT NULL THEN
    RETURN record_decline(p_client_request_id, 'close_cash_shift', v_fp, NULL, p_device_id,
      kiosk_error('INVALID_REQUEST',
        CASE WHEN p_shift_id IS NULL
             THEN 'staff ' || p_staff_id || ' has no open cash shift on ' || p_device_id
             ELSE 'shift ' || p_shift_id || ' is not an open shift on ' || p_device_id END)
      || jsonb_build_object('problem', 'no_open_shift'));
  END IF;
  IF p_counted_cash_cents NOT BETWEEN 0 AND cash_amount_cap() THEN
    RETURN record_decline(p_client_request_id, 'close_cash_shift', v_fp, NULL, p_device_id,
      kiosk_error('AMOUNT_OUT_OF_RANGE', 'a counted drawer is from 0 to ' || cash_amount_cap() || ' cents')
      || jsonb_build_object('min_amount_cents', 0, 'max_amount_cents', cash_amount_cap()));
  END IF;
  v_denoms := cash_denominations(v_auth.currency);
  FOR v_key, v_value IN SELECT key, value FROM jsonb_each(p_counted) LOOP
    IF v_key !~ '^[1-9][0-9]{0,8}$'
       OR (v_denoms IS NOT NULL AND NOT v_key::bigint = ANY (v_denoms)) THEN
      RETURN record_decline(p_client_request_id, 'close_cash_shift', v_fp, NULL, p_device_id,
        kiosk_error('INVALID_REQUEST', left(v_key, 40) || ' is not a denomination of '
                    || coalesce(v_auth.currency, 'the event''s currency') || ' (in cents)')
        || jsonb_build_object('problem', 'unknown_denomination', 'denomination', left(v_key, 40),
                              'denominations', to_jsonb(v_denoms)));
    END IF;
    IF jsonb_typeof(v_value) <> 'number' OR v_value::text !~ '^-?[0-9]+$' THEN
      RETURN record_decline(p_client_request_id, 'close_cash_shift', v_fp, NULL, p_device_id,
        kiosk_error('INVALID_REQUEST', 'the count of ' || v_key || ' must be a whole number')
        || jsonb_build_object('problem', 'bad_count', 'denomination', v_key));
    END IF;
    v_count := v_value::text::numeric;
    IF v_count NOT BETWEEN 0 AND cash_count_cap() THEN
      RETURN record_decline(p_client_request_id, 'close_cash_shift', v_fp, NULL, p_device_id,
        kiosk_error('AMOUNT_OUT_OF_RANGE', 'the count of ' || v_key || ' must be from 0 to '
                    || cash_count_cap())
        || jsonb_build_object('denomination', v_key, 'max_count', cash_count_cap()));
    END IF;
    v_sum := v_sum + v_key::numeric * v_count;
  END LOOP;
  IF v_sum > cash_amount_cap() THEN
    RETURN record_decline(p_client_request_id, 'close_cash_shift', v_fp, NULL, p_device_id,
      kiosk_error('AMOUNT_OUT_OF_RANGE', 'the count adds up to ' || v_sum || ' cents, more than '
                  || cash_amount_cap())
      || jsonb_build_object('max_amount_cents', cash_amount_cap()));
  END IF;
  IF v_sum <> p_counted_cash_cents THEN
    RETURN record_decline(p_client_request_id, 'close_cash_shift', v_fp, NULL, p_device_id,
      kiosk_error('INVALID_REQUEST', 'the count by denomination adds up to ' || v_sum
                  || ' cents, not ' || p_counted_cash_cents)
      || jsonb_build_object('problem', 'count_mismatch', 'counted_sum_cents', v_sum::bigint));
  END IF;

  -- 6. the close-out: figures from the shift's rows, kept as answered
  SELECT * INTO v_fig FROM cash_shift_figures(v_shift.shift_id);
  v_closed := greatest(CASE WHEN v_offline THEN v_captured ELSE now() END, v_shift.opened_at);
  UPDATE cash_shifts
     SET close_request_id = p_client_request_id, closed_at = v_closed, closed_by = p_staff_id,
         close_reason = v_reason, close_offline = v_offline, close_verified = v_verified,
         close_received_at = clock_timestamp(), counted = p_counted, counted_cash_cents = p_counted_cash_cents,
         expected_at_close_cents = v_fig.expected_cash_cents,
         difference_at_close_cents = p_counted_cash_cents - v_fig.expected_cash_cents
   WHERE shift_id = v_shift.shift_id
  RETURNING shift_id, staff_id, opened_at, open_verified INTO v_shift;
  v_response := jsonb_build_object(
    'success', true, 'status', 'completed', 'client_request_id', p_client_request_id,
    'shift_id', v_shift.shift_id, 'staff_id', v_shift.staff_id, 'closed_by', p_staff_id,
    'opening_float_cents', v_fig.opening_float_cents,
    'cash_recharges_cents', v_fig.cash_recharges_cents,
    'card_recharges_cents', v_fig.card_recharges_cents,
    'cash_voided_cents', v_fig.cash_voided_cents,
    'moved_to_safe_cents', v_fig.moved_to_safe_cents,
    'moved_from_safe_cents', v_fig.moved_from_safe_cents,
    'expected_cash_cents', v_fig.expected_cash_cents,
    'counted_cash_cents', p_counted_cash_cents,
    'difference_cents', p_counted_cash_cents - v_fig.expected_cash_cents,
    'counted', p_counted, 'opened_at', v_shift.opened_at, 'closed_at', v_closed,
    'verified', v_shift.open_verified AND v_verified, 'replayed', false);
  RETURN record_completed(p_client_request_id, 'close_cash_shift', v_fp, p_device_id, v_response);
END
$fn$;
