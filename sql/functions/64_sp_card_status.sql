-- A card's status, balance and last ten ledger entries (newest first). To a device, the
-- request ids of other devices' requests are not shown.
CREATE OR REPLACE FUNCTION sp_card_status(p_card_uid text)
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_card    record;
  v_trusted boolean := trusted_caller();
  v_device  text := connection_device();
BEGIN
  IF NOT is_card_uid(p_card_uid) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_card_uid must be 8 to 20 uppercase hex digits');
  END IF;
  -- a device sees its own request ids only; a login bound to no device sees nothing
  IF NOT v_trusted AND (v_device IS NULL
                        OR NOT EXISTS (SELECT FROM devices WHERE device_id = v_device AND enabled)) THEN
    RETURN kiosk_error('UNAUTHORIZED', 'this connection belongs to no enabled device');
  END IF;
  SELECT status, balance_cents, overdraft_flagged_at INTO v_card
    FROM cards WHERE card_uid = p_card_uid;
  IF NOT FOUND THEN
    RETURN kiosk_error('CARD_NOT_FOUND', 'card ' || p_card_uid || ' is not registered');
  END IF;
  RETURN jsonb_build_object(
    'success', true, 'card_uid', p_card_uid, 'status', v_card.status,
    'balance_cents', v_card.balance_cents,
    'overdraft', v_card.overdraft_flagged_at IS NOT NULL,
    'recent', coalesce((
      SELECT jsonb_agg(jsonb_build_object(
               'transaction_id', l.entry_id, 'kind', l.kind, 'amount_cents', l.amount_cents,
               'previous_balance_cents', l.previous_balance_cents,
               'new_balance_cents', l.new_balance_cents,
               'client_request_id', CASE WHEN v_trusted OR l.device_id = v_device
                                               THEN l.client_request_id END,
               'device_id', l.device_id,
               'staff_id', l.staff_id, 'offline', l.offline,
               'captured_at', l.captured_at, 'received_at', l.received_at)
             ORDER BY l.entry_id DESC)
        FROM (SELECT * FROM ledger WHERE card_uid = p_card_uid
               ORDER BY entry_id DESC LIMIT 10) AS l), '[]'::jsonb));
END
$fn$;
