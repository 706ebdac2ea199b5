-- `festival-admin cards transfer OLD NEW --reason`: a lost card. OLD is blocked and its whole
-- balance moves to NEW, with one 'transfer' ledger row on each card, in one transaction.
-- Owner only (no grant). Safe to run twice: a card is transferred once, ever (card_transfers),
-- and a second run answers the first transfer with "replayed" and changes nothing.
-- Refused: NEW unknown or blocked, NEW = OLD, NEW already given away itself, OLD in overdraft,
-- NEW's balance would pass the event's maximum.
CREATE OR REPLACE FUNCTION admin_transfer_card(
  p_old_uid text, p_new_uid text, p_reason text, p_operator text)
RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_old      record;
  v_new      record;
  v_done     record;
  v_max      bigint;
  v_request  uuid;
  v_transfer bigint;
BEGIN
  IF NOT is_card_uid(p_old_uid) OR NOT is_card_uid(p_new_uid) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'a card UID is 8 to 20 uppercase hex digits');
  END IF;
  IF p_old_uid = p_new_uid THEN
    RETURN kiosk_error('INVALID_REQUEST', 'the old and the new card are the same card');
  END IF;
  IF coalesce(length(btrim(p_reason)), 0) NOT BETWEEN 1 AND 500 THEN
    RETURN kiosk_error('INVALID_REQUEST', 'a reason of 1 to 500 characters is required');
  END IF;
  IF coalesce(length(p_operator), 0) NOT BETWEEN 1 AND 200 THEN
    RETURN kiosk_error('INVALID_REQUEST', 'the operator must be named');
  END IF;

  -- both cards locked in one order (by UID), so two transfers cannot deadlock
  PERFORM 1 FROM cards WHERE card_uid IN (p_old_uid, p_new_uid) ORDER BY card_uid FOR UPDATE;
  SELECT * INTO v_done FROM card_transfers WHERE old_card_uid = p_old_uid;
  IF FOUND THEN
    IF v_done.new_card_uid = p_new_uid THEN
      RETURN jsonb_build_object('success', true, 'replayed', true, 'transfer_id', v_done.transfer_id,
                                'old_card_uid', p_old_uid, 'new_card_uid', p_new_uid,
                                'amount_cents', v_done.amount_cents, 'at', v_done.created_at);
    END IF;
    RETURN kiosk_error('INVALID_REQUEST', 'card ' || p_old_uid || ' was already transferred to '
                       || v_done.new_card_uid || ' at ' || v_done.created_at);
  END IF;
  SELECT status, balance_cents INTO v_old FROM cards WHERE card_uid = p_old_uid;
  IF NOT FOUND THEN
    RETURN kiosk_error('CARD_NOT_FOUND', 'card ' || p_old_uid || ' is not registered');
  END IF;
  SELECT status, balance_cents INTO v_new FROM cards WHERE card_uid = p_new_uid;
  IF NOT FOUND THEN
    RETURN kiosk_error('CARD_NOT_FOUND', 'card ' || p_new_uid
                       || ' is not registered (import it first: festival-admin cards import)');
  END IF;
  IF v_new.status = 'blocked' THEN
    RETURN kiosk_error('CARD_BLOCKED', 'the new card ' || p_new_uid || ' is blocked');
  END IF;
  IF EXISTS (SELECT FROM card_transfers WHERE old_card_uid = p_new_uid) THEN
    RETURN kiosk_error('CARD_BLOCKED', 'the new card ' || p_new_uid || ' was itself transferred away');
  END IF;
  IF v_old.balance_cents < 0 THEN
    RETURN kiosk_error('INVALID_REQUEST', 'card ' || p_old_uid || ' is in overdraft ('
                       || v_old.balance_cents || ' cents): settle it at a checkpoint first');
  END IF;
  SELECT max_balance_cents INTO v_max FROM event_settings;
  IF v_new.balance_cents + v_old.balance_cents > v_max THEN
    RETURN kiosk_error('BALANCE_LIMIT_EXCEEDED', 'the new card would hold '
                       || (v_new.balance_cents + v_old.balance_cents)
                       || ' cents, above the event maximum of ' || v_max);
  END IF;

  v_request := gen_random_uuid();
  INSERT INTO card_transfers (client_request_id, old_card_uid, new_card_uid, amount_cents, reason, operator)
  VALUES (v_request, p_old_uid, p_new_uid, v_old.balance_cents, btrim(p_reason), p_operator)
  RETURNING transfer_id INTO v_transfer;
  IF v_old.status <> 'blocked' THEN
    INSERT INTO card_status_changes (card_uid, previous_status, new_status, operator, reason)
    VALUES (p_old_uid, v_old.status, 'blocked', p_operator, 'transferred to ' || p_new_uid || ': '
            || btrim(p_reason));
  END IF;
  UPDATE cards SET status = 'blocked', balance_cents = 0, updated_at = now()
   WHERE card_uid = p_old_uid;
  IF v_old.balance_cents > 0 THEN
    UPDATE cards SET balance_cents = balance_cents + v_old.balance_cents, updated_at = now()
     WHERE card_uid = p_new_uid;
    INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents, new_balance_cents,
                        client_request_id, captured_at)
    VALUES (p_old_uid, 'transfer', -v_old.balance_cents, v_old.balance_cents, 0, v_request, now()),
           (p_new_uid, 'transfer', v_old.balance_cents, v_new.balance_cents,
            v_new.balance_cents + v_old.balance_cents, v_request, now());
  END IF;
  RETURN jsonb_build_object('success', true, 'replayed', false, 'transfer_id', v_transfer,
                            'old_card_uid', p_old_uid, 'new_card_uid', p_new_uid,
                            'amount_cents', v_old.balance_cents,
                            'new_balance_cents', v_new.balance_cents + v_old.balance_cents);
END
$fn$;
