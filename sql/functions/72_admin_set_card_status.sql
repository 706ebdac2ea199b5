-- `festival-admin cards block|unblock`: an operator changes a card's status without a kiosk.
-- Owner only (no grant). Audited like a supervisor's change (card_status_changes, with the
-- operator's name instead of a device and staff member), and kiosks see it through
-- sp_cards_changed_since. Setting the status a card already has changes nothing.
CREATE OR REPLACE FUNCTION admin_set_card_status(
  p_card_uid text, p_status text, p_reason text, p_operator text)
RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $fn$
BEGIN
  IF NOT is_card_uid(p_card_uid) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'a card UID is 8 to 20 uppercase hex digits');
  END IF;
  IF p_status IS NULL OR p_status NOT IN ('active', 'blocked') THEN
    RETURN kiosk_error('INVALID_REQUEST', 'the status must be ''active'' or ''blocked''');
  END IF;
  IF length(p_reason) > 500 THEN
    RETURN kiosk_error('INVALID_REQUEST', 'the reason must be at most 500 characters');
  END IF;
  IF coalesce(length(p_operator), 0) NOT BETWEEN 1 AND 200 THEN
    RETURN kiosk_error('INVALID_REQUEST', 'the operator must be named');
  END IF;
  RETURN change_card_status(p_card_uid, p_status, NULL, NULL, p_operator, p_reason);
END
$fn$;
