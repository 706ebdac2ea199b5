-- A staff login checked by the server (DESIGN, "Staff"): the PIN against the bcrypt hash
-- (pgcrypto's crypt(), which knows the `$2a$` prefix; `$2b$`/`$2y$` hashes of Python's bcrypt
-- are the same algorithm for PINs and are read as `$2a$`). One answer, UNAUTHORIZED with one
-- message, for unknown or disabled staff, staff not allowed on this device and a wrong PIN.
-- Five failed attempts for one staff id (as typed, known or not) within ten minutes lock it
-- on every device for ten minutes after the fifth (LOGIN_LOCKED with retry_after_s); a
-- success or a new PIN starts the count again. Every attempt is audited, never the PIN.
-- A success ends the sessions open on this device and opens a new one, valid 12 hours, and
-- answers the staff member's open cash shift on this device ("open_cash_shift", or null).
CREATE OR REPLACE FUNCTION sp_staff_login(p_device_id text, p_staff_id text, p_pin text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  c_window   constant interval := interval '10 minutes';
  c_failures constant integer := 5;
  c_session  constant interval := interval '12 hours';
  -- a bcrypt hash of nothing anyone knows: unknown staff cost the same time as known ones
  c_dummy    constant text := '$2a$10$BwwJkeN8yak98l7GRJfkeOoFESx3DNh6YAx1b4vuWxwhk.NGC5gcy';
  v_error    jsonb;
  v_device   record;
  v_staff    record;
  v_restart  timestamptz;
  v_recent   timestamptz[];
  v_until    timestamptz;
  v_hash     text;
  v_outcome  text;
  v_session  uuid;
  v_expires  timestamptz;
BEGIN
  -- the arguments (INVALID_REQUEST), then the connection's device (UNAUTHORIZED)
  v_error := coalesce(
    invalid_request(coalesce(device_staff_problem(p_device_id, p_staff_id),
                             CASE WHEN p_pin IS NULL OR length(p_pin) NOT BETWEEN 1 AND 64
                                  THEN 'p_pin must be 1 to 64 characters' END)),
    unauthorized(device_caller_problem(p_device_id)));
  IF v_error IS NOT NULL THEN
    RETURN v_error;
  END IF;

  -- one attempt at a time per staff id, on every device
  PERFORM pg_advisory_xact_lock(hashtextextended('login:' || p_staff_id, 7003));
  -- ... and one at a time per device (its row lock): two logins at once must not both open
  -- the device's one session
  SELECT role INTO v_device FROM devices WHERE device_id = p_device_id FOR UPDATE;
  SELECT staff_id, name, role, enabled, pin_hash, pin_changed_at INTO v_staff
    FROM staff WHERE staff_id = p_staff_id;

  -- locked? the last five failures since the last success or PIN change, within ten minutes
  v_restart := greatest((SELECT max(attempted_at) FROM staff_login_attempts
                          WHERE staff_id = p_staff_id AND outcome = 'ok'),
                        v_staff.pin_changed_at);
  SELECT array_agg(attempted_at ORDER BY attempted_at DESC) INTO v_recent
    FROM (SELECT attempted_at FROM staff_login_attempts
           WHERE staff_id = p_staff_id AND outcome NOT IN ('ok', 'locked')
             AND attempted_at > coalesce(v_restart, '-infinity') AND attempted_at > now() - 2 * c_window
           ORDER BY attempted_at DESC LIMIT c_failures) AS last_failures;
  IF cardinality(v_recent) = c_failures AND v_recent[1] - v_recent[c_failures] <= c_window THEN
    v_until := v_recent[1] + c_window;
    IF clock_timestamp() < v_until THEN
      INSERT INTO staff_login_attempts (staff_id, device_id, login_role, outcome)
      VALUES (p_staff_id, p_device_id, session_user, 'locked');
      RETURN kiosk_error('LOGIN_LOCKED', 'too many wrong PINs; try again later')
             || jsonb_build_object('retry_after_s',
                                   ceil(extract(epoch FROM v_until - clock_timestamp()))::integer);
    END IF;
  END IF;

  v_hash := CASE WHEN v_staff.pin_hash ~ '^\$2[aby]\$' THEN regexp_replace(v_staff.pin_hash, '^\$2[by]\$', '$2a$') END;
  v_outcome := CASE
    WHEN v_staff.staff_id IS NULL THEN 'unknown_staff'
    WHEN NOT v_staff.enabled THEN 'disabled'
    WHEN NOT v_staff.role = ANY (roles_for_device(v_device.role)) THEN 'not_allowed'
    WHEN v_hash IS NULL THEN 'no_server_hash'
  END;
  IF crypt(p_pin, coalesce(v_hash, c_dummy)) <> coalesce(v_hash, c_dummy) THEN
    v_outcome := coalesce(v_outcome, 'wrong_pin');
  END IF;
  INSERT INTO staff_login_attempts (staff_id, device_id, login_role, outcome)
  VALUES (p_staff_id, p_device_id, session_user, coalesce(v_outcome, 'ok'));
  IF v_outcome IS NOT NULL THEN
    RETURN kiosk_error('UNAUTHORIZED', 'unknown staff, not allowed on this device, or wrong PIN');
  END IF;

  UPDATE staff_sessions SET ended_at = now(), end_reason = 'replaced'
   WHERE device_id = p_device_id AND ended_at IS NULL;
  v_expires := now() + c_session;
  INSERT INTO staff_sessions (staff_id, device_id, role, expires_at)
  VALUES (p_staff_id, p_device_id, v_staff.role, v_expires)
  RETURNING session_id INTO v_session;
  RETURN jsonb_build_object('success', true, 'staff_id', v_staff.staff_id, 'name', v_staff.name,
                            'role', v_staff.role, 'session_id', v_session, 'expires_at', v_expires,
                            'open_cash_shift', open_cash_shift_of(p_device_id, p_staff_id));
END
$fn$;

-- Ends a session this device opened; ending one that has already ended changes nothing.
CREATE OR REPLACE FUNCTION sp_staff_logout(p_device_id text, p_session_id uuid)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_error jsonb;
  v_ended integer;
BEGIN
  v_error := coalesce(
    invalid_request(coalesce(slug_problem('p_device_id', p_device_id),
                             CASE WHEN p_session_id IS NULL THEN 'p_session_id is required' END)),
    unauthorized(device_caller_problem(p_device_id)));
  IF v_error IS NOT NULL THEN
    RETURN v_error;
  END IF;
  UPDATE staff_sessions SET ended_at = now(), end_reason = 'logout'
   WHERE session_id = p_session_id AND device_id = p_device_id AND ended_at IS NULL;
  GET DIAGNOSTICS v_ended = ROW_COUNT;
  RETURN jsonb_build_object('success', true, 'session_id', p_session_id, 'ended', v_ended > 0);
END
$fn$;
