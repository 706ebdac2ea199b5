-- `festival-admin cards block|unblock`: an operator changes a card's status without a kiosk.
-- Owner only (no grant). Audited like a supervisor's change (card_status_changes, with the
-- operator's name instead of a device and staff member), and kiosks see it through
-- sp_cards_changed_since. Setting the status a card already has changes nothing.
CREATE OR REPLACE FUNCTION admin_set_card_status(
  p_card_uid text, p_status text, p_reason text, p_operator text)
RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_card record;
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
  SELECT status, balance_cents INTO v_card FROM cards WHERE card_uid = p_card_uid FOR UPDATE;
  IF NOT FOUND THEN
    RETURN kiosk_error('CARD_NOT_FOUND', 'card ' || p_card_uid || ' is not registered');
  END IF;
  IF v_card.status <> p_status THEN
    UPDATE cards SET status = p_status, updated_at = now() WHERE card_uid = p_card_uid;
    INSERT INTO card_status_changes (card_uid, previous_status, new_status, operator, reason)
    VALUES (p_card_uid, v_card.status, p_status, p_operator, nullif(btrim(p_reason), ''));
  END IF;
  RETURN jsonb_build_object('success', true, 'card_uid', p_card_uid, 'status', p_status,
                            'previous_status', v_card.status,
                            'changed', v_card.status <> p_status,
                            'balance_cents', v_card.balance_cents);
END
$fn$;
