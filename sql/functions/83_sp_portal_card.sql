-- The attendee portal's view of one card, found by the code printed on it (executed by
-- `payments` only). History in words: what (kind, and an order's items), where (the point
-- of sale, the checkpoint, "online"), when; never a request id or a staff member. The code
-- is matched case-insensitively, spaces ignored. An unknown code: CARD_NOT_FOUND, and the
-- caller learns nothing else (the portal rate-limits guesses).
CREATE OR REPLACE FUNCTION sp_portal_card(p_printed_code text)
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_code    text;
  v_card    record;
  v_event   record;
  v_history jsonb;
  v_payout  jsonb;
BEGIN
  IF p_printed_code IS NULL OR length(p_printed_code) > 64 THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_printed_code is missing or too long');
  END IF;
  v_code := upper(regexp_replace(p_printed_code, '\s', '', 'g'));
  IF v_code = '' THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_printed_code is empty');
  END IF;
  SELECT card_uid, printed_code, status, balance_cents INTO v_card
    FROM cards WHERE upper(printed_code) = v_code;
  IF NOT FOUND THEN
    RETURN kiosk_error('CARD_NOT_FOUND', 'no card has this code');
  END IF;
  SELECT currency, max_balance_cents, refund_deadline INTO v_event FROM event_settings;

  SELECT coalesce(jsonb_agg(h ORDER BY h_at DESC, h_id DESC), '[]') INTO v_history
    FROM (
      SELECT l.entry_id AS h_id, l.captured_at AS h_at,
             jsonb_build_object(
               'kind', CASE WHEN l.kind = 'recharge' AND r.payment_method = 'stripe' THEN 'online_recharge'
                            ELSE l.kind END,
               'amount_cents', l.amount_cents,
               'where', coalesce(p.name, c.name,
                                 CASE WHEN r.payment_method = 'stripe' THEN 'online' END),
               'at', l.captured_at,
               'items', CASE WHEN o.lines IS NOT NULL THEN
                          (SELECT jsonb_agg(jsonb_build_object('name', x.name, 'quantity', x.quantity)
                                            ORDER BY x.line_no)
                             FROM jsonb_to_recordset(o.lines) AS x(line_no integer, name text,
                                                                    quantity integer))
                        END) AS h
        FROM (SELECT * FROM ledger WHERE card_uid = v_card.card_uid
               ORDER BY entry_id DESC LIMIT 100) l
        LEFT JOIN orders o ON l.kind = 'order' AND o.client_request_id = l.client_request_id
        LEFT JOIN points_of_sale p ON p.point_of_sale_id = o.point_of_sale_id
        LEFT JOIN recharges r ON r.recharge_id = l.recharge_id
        LEFT JOIN checkpoints c ON c.checkpoint_id = r.checkpoint_id
    ) history;

  SELECT jsonb_build_object('status', pr.status, 'requested_at', pr.requested_at,
                            'donate', pr.donate)
    INTO v_payout FROM payout_requests pr WHERE pr.card_uid = v_card.card_uid;

  RETURN jsonb_build_object(
    'success', true, 'card_uid', v_card.card_uid, 'status', v_card.status,
    'balance_cents', v_card.balance_cents, 'history', v_history, 'payout', v_payout,
    'currency', v_event.currency, 'max_balance_cents', v_event.max_balance_cents,
    'max_topup_cents', greatest(v_event.max_balance_cents - greatest(v_card.balance_cents, 0), 0),
    'refund_deadline', v_event.refund_deadline,
    'refund_open', v_event.refund_deadline IS NULL OR now() < v_event.refund_deadline);
END
$fn$;
