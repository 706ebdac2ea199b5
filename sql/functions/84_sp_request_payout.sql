-- An attendee asks for their money back (executed by `payments` only, from the portal).
-- The card's UID and its printed code must both match (the portal knows the UID only from
-- a lookup by code). Before the event's refund deadline (none set: open), for an active
-- card: freezes it for spending (status 'blocked', audited in card_status_changes by the
-- operator 'portal', so kiosks learn it through sp_cards_changed_since) and files one
-- payout request. A second request for the card answers PAYOUT_ALREADY_FILED with the
-- first one's status and changes nothing. The amount is the balance when the payout run is
-- exported (festival-admin payouts export), not now.
CREATE OR REPLACE FUNCTION sp_request_payout(p_card_uid text, p_printed_code text, p_name text,
                                             p_iban text, p_donate boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_name     text := btrim(regexp_replace(coalesce(p_name, ''), '\s+', ' ', 'g'));
  v_iban     text := upper(regexp_replace(coalesce(p_iban, ''), '\s', '', 'g'));
  v_deadline timestamptz;
  v_card     record;
  v_request  record;
BEGIN
  IF NOT is_card_uid(p_card_uid) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_card_uid must be 8 to 20 uppercase hex digits');
  END IF;
  IF p_printed_code IS NULL OR length(p_printed_code) > 64 THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_printed_code is missing or too long');
  END IF;
  IF length(v_name) NOT BETWEEN 1 AND 70 OR v_name ~ '[[:cntrl:]]' THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_name must be 1 to 70 characters');
  END IF;
  IF NOT is_iban(v_iban) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_iban is not a valid IBAN');
  END IF;
  IF p_donate IS NULL THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_donate must be true or false');
  END IF;

  SELECT card_uid, status, balance_cents INTO v_card
    FROM cards
   WHERE card_uid = p_card_uid
     AND upper(printed_code) = upper(regexp_replace(p_printed_code, '\s', '', 'g'))
     FOR UPDATE;
  IF NOT FOUND THEN
    RETURN kiosk_error('CARD_NOT_FOUND', 'no card has this code');
  END IF;

  SELECT status, requested_at INTO v_request FROM payout_requests WHERE card_uid = p_card_uid;
  IF FOUND THEN
    RETURN kiosk_error('PAYOUT_ALREADY_FILED', 'a payout request for this card is already filed')
      || jsonb_build_object('card_uid', p_card_uid,
                            'payout', jsonb_build_object('status', v_request.status,
                                                         'requested_at', v_request.requested_at));
  END IF;

  SELECT refund_deadline INTO v_deadline FROM event_settings;
  IF v_deadline IS NOT NULL AND now() >= v_deadline THEN
    RETURN kiosk_error('REFUND_DEADLINE_PASSED', 'refunds closed at ' || v_deadline)
      || jsonb_build_object('refund_deadline', v_deadline);
  END IF;
  IF v_card.status <> 'active' THEN
    RETURN kiosk_error('CARD_BLOCKED', 'this card is blocked: ask at the info desk');
  END IF;

  UPDATE cards SET status = 'blocked', updated_at = now() WHERE card_uid = p_card_uid;
  INSERT INTO payout_requests (card_uid, name, iban, donate)
  VALUES (p_card_uid, v_name, v_iban, p_donate)
  RETURNING request_id, status, requested_at INTO v_request;
  INSERT INTO card_status_changes (card_uid, previous_status, new_status, operator, reason)
  VALUES (p_card_uid, 'active', 'blocked', 'portal', 'payout request ' || v_request.request_id);

  RETURN jsonb_build_object(
    'success', true, 'status', 'filed', 'card_uid', p_card_uid,
    'balance_cents', v_card.balance_cents, 'donate', p_donate,
    'payout', jsonb_build_object('status', v_request.status,
                                 'requested_at', v_request.requested_at));
END
$fn$;
