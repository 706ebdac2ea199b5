-- Sets a card's status under its row lock and audits a real change in card_status_changes
-- (by a device and staff member, or by an operator), so kiosks learn it through
-- sp_cards_changed_since; setting the status a card already has changes nothing. The effect
-- shared by sp_set_card_status (a supervisor at a kiosk) and admin_set_card_status
-- (festival-admin); each checks who may ask before calling it. Owner only.
CREATE OR REPLACE FUNCTION change_card_status(p_card_uid text, p_status text, p_device_id text,
                                              p_staff_id text, p_operator text, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_card record;
BEGIN
  SELECT status, balance_cents INTO v_card FROM cards WHERE card_uid = p_card_uid FOR UPDATE;
  IF NOT FOUND THEN
    RETURN kiosk_error('CARD_NOT_FOUND', 'card ' || p_card_uid || ' is not registered');
  END IF;
  IF v_card.status <> p_status THEN
    UPDATE cards SET status = p_status, updated_at = now() WHERE card_uid = p_card_uid;
    INSERT INTO card_status_changes (card_uid, previous_status, new_status, device_id, staff_id,
                                     operator, reason)
    VALUES (p_card_uid, v_card.status, p_status, p_device_id, p_staff_id, p_operator,
            nullif(btrim(p_reason), ''));
  END IF;
  RETURN jsonb_build_object('success', true, 'card_uid', p_card_uid, 'status', p_status,
                            'previous_status', v_card.status,
                            'changed', v_card.status <> p_status,
                            'balance_cents', v_card.balance_cents);
END
$fn$;
