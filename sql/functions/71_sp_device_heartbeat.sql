-- A kiosk's heartbeat, about once a minute: its app version, outbox backlog and oldest
-- pending request, conflicts, reader state and who is logged in. Only the last one per
-- device is kept (device_heartbeats), for `festival-admin devices list`, the report and the
-- review. The device comes from the connection (device_caller_problem): a kiosk reports for
-- itself only.
CREATE OR REPLACE FUNCTION sp_device_heartbeat(p_device_id text, p_status jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_pending  integer;
  v_conflict integer;
  v_oldest   timestamptz;
  v_text     text;
  v_error    jsonb;
BEGIN
  -- the arguments (INVALID_REQUEST), then the connection's device (UNAUTHORIZED)
  v_error := coalesce(invalid_request(coalesce(slug_problem('p_device_id', p_device_id), CASE
      WHEN p_status IS NULL OR jsonb_typeof(p_status) <> 'object' THEN 'p_status must be a JSON object'
      WHEN length(p_status::text) > 4096 THEN 'p_status must be at most 4 kB'
    END)),
    unauthorized(device_caller_problem(p_device_id)));
  IF v_error IS NOT NULL THEN
    RETURN v_error;
  END IF;

  -- each field is optional; a present one must have its type and a sane value
  FOREACH v_text IN ARRAY ARRAY['outbox_pending', 'conflicts'] LOOP
    IF p_status ? v_text AND jsonb_typeof(p_status -> v_text) <> 'null' AND (
         jsonb_typeof(p_status -> v_text) <> 'number'
         OR (p_status ->> v_text) !~ '^[0-9]{1,9}$') THEN
      RETURN kiosk_error('INVALID_REQUEST', v_text || ' must be a whole number from 0 to 999999999');
    END IF;
  END LOOP;
  FOREACH v_text IN ARRAY ARRAY['app_version', 'reader_state', 'staff_id', 'oldest_pending_at'] LOOP
    IF p_status ? v_text AND jsonb_typeof(p_status -> v_text) NOT IN ('string', 'null') THEN
      RETURN kiosk_error('INVALID_REQUEST', v_text || ' must be a string');
    END IF;
    IF length(p_status ->> v_text) > 64 THEN
      RETURN kiosk_error('INVALID_REQUEST', v_text || ' must be at most 64 characters');
    END IF;
  END LOOP;
  v_pending := (p_status ->> 'outbox_pending')::integer;
  v_conflict := (p_status ->> 'conflicts')::integer;
  IF p_status ->> 'oldest_pending_at' IS NOT NULL THEN
    v_oldest := try_iso_timestamptz(p_status ->> 'oldest_pending_at');
    IF v_oldest IS NULL THEN
      RETURN kiosk_error('INVALID_REQUEST', 'oldest_pending_at must be an ISO 8601 time with its offset');
    END IF;
  END IF;

  INSERT INTO device_heartbeats AS h (device_id, received_at, app_version, outbox_pending,
                                      oldest_pending_at, conflicts, reader_state, staff_id, status)
  VALUES (p_device_id, now(), p_status ->> 'app_version', v_pending, v_oldest, v_conflict,
          p_status ->> 'reader_state', p_status ->> 'staff_id', p_status)
  ON CONFLICT (device_id) DO UPDATE
    SET received_at = EXCLUDED.received_at, app_version = EXCLUDED.app_version,
        outbox_pending = EXCLUDED.outbox_pending, oldest_pending_at = EXCLUDED.oldest_pending_at,
        conflicts = EXCLUDED.conflicts, reader_state = EXCLUDED.reader_state,
        staff_id = EXCLUDED.staff_id, status = EXCLUDED.status;
  UPDATE devices SET last_seen_at = now() WHERE device_id = p_device_id;
  RETURN jsonb_build_object('success', true, 'device_id', p_device_id, 'received_at', now());
END
$fn$;
