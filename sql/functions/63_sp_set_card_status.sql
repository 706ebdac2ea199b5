-- Block a lost card or unblock it (a supervisor or admin with a verified session on this device). No ledger row; every
-- change is audited in card_status_changes and reaches kiosks through
-- sp_cards_changed_since. Setting the status a card already has changes nothing.
CREATE OR REPLACE FUNCTION sp_set_card_status(
  p_card_uid text, p_status text, p_device_id text, p_staff_id text, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_error jsonb;
  v_auth  record;
BEGIN
  -- the arguments (INVALID_REQUEST), then the connection's device (UNAUTHORIZED)
  v_error := coalesce(invalid_request(CASE
      WHEN NOT is_card_uid(p_card_uid) THEN 'p_card_uid must be 8 to 20 uppercase hex digits'
      WHEN p_status IS NULL OR p_status NOT IN ('active', 'blocked')
        THEN 'p_status must be ''active'' or ''blocked'''
      ELSE coalesce(device_staff_problem(p_device_id, p_staff_id),
                    CASE WHEN length(p_reason) > 500 THEN 'p_reason must be at most 500 characters' END)
    END),
    unauthorized(device_caller_problem(p_device_id)));
  IF v_error IS NOT NULL THEN
    RETURN v_error;
  END IF;
  SELECT s.enabled AS staff_enabled, s.role AS staff_role INTO v_auth
    FROM (SELECT) AS one LEFT JOIN staff s ON s.staff_id = p_staff_id;
  IF v_auth.staff_enabled IS NOT TRUE OR v_auth.staff_role NOT IN ('supervisor', 'admin')
     OR NOT staff_session_verified(p_device_id, p_staff_id) THEN
    RETURN kiosk_error('UNAUTHORIZED',
      'only a supervisor with a session the server verified on this device may block or unblock a card');
  END IF;

  RETURN change_card_status(p_card_uid, p_status, p_device_id, p_staff_id, NULL, p_reason);
END
$fn$;
