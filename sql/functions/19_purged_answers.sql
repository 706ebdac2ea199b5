-- Answers for request ids whose idempotency record sp_purge_idempotency_records deleted.
-- The purge deletes only records of successful orders and recharges, whose answers can be
-- rebuilt from the order or recharge row and its ledger entry; declines and tombstones are
-- kept. A purged id is answered as it was (with "replayed": true), never executed again.
-- Its payload fingerprint went with the record: the rebuilt answer compares what the rows
-- keep (card, amount, place, device, staff) and answers IDEMPOTENCY_CONFLICT when they differ.

CREATE OR REPLACE FUNCTION purged_order_answer(p_client_request_id uuid, p_card_uid text,
                                               p_expected_total_cents bigint, p_point_of_sale_id text,
                                               p_device_id text, p_staff_id text)
RETURNS jsonb LANGUAGE sql STABLE AS $fn$
  SELECT CASE
    WHEN (o.card_uid, o.total_cents, o.point_of_sale_id, o.device_id, o.staff_id)
         IS DISTINCT FROM (p_card_uid, p_expected_total_cents, p_point_of_sale_id, p_device_id, p_staff_id)
    THEN idempotency_conflict(p_client_request_id)
    ELSE money_answer(p_client_request_id, l.entry_id, o.card_uid, l.previous_balance_cents,
                      l.new_balance_cents, true)
      || jsonb_build_object(
        'order_id', o.order_id, 'total_cents', o.total_cents, 'overdraft', o.overdraft,
        'offline', o.offline)
      || CASE WHEN o.voided_at IS NOT NULL THEN '{"voided": true}'::jsonb ELSE '{}'::jsonb END
  END
    FROM orders o
    LEFT JOIN ledger l ON l.card_uid = o.card_uid AND l.client_request_id = o.client_request_id
                      AND l.kind = 'order'
   WHERE o.client_request_id = p_client_request_id
$fn$;

CREATE OR REPLACE FUNCTION purged_recharge_answer(p_client_request_id uuid, p_card_uid text,
                                                  p_amount_cents bigint, p_payment_method text,
                                                  p_device_id text, p_staff_id text)
RETURNS jsonb LANGUAGE sql STABLE AS $fn$
  SELECT CASE
    WHEN (r.card_uid, r.amount_cents, r.payment_method, r.device_id, r.staff_id)
         IS DISTINCT FROM (p_card_uid, p_amount_cents, p_payment_method, p_device_id, p_staff_id)
    THEN idempotency_conflict(p_client_request_id)
    ELSE money_answer(p_client_request_id, l.entry_id, r.card_uid, l.previous_balance_cents,
                      l.new_balance_cents, true)
      || jsonb_build_object(
        'recharge_id', r.recharge_id, 'amount_cents', r.amount_cents,
        'payment_method', r.payment_method, 'offline', r.offline)
      || CASE WHEN r.payment_method <> 'stripe'
              THEN jsonb_build_object('shift_id', r.shift_id) ELSE '{}'::jsonb END
      || CASE WHEN r.stripe_session_id IS NOT NULL
              THEN jsonb_build_object('stripe_session_id', r.stripe_session_id) ELSE '{}'::jsonb END
      || CASE WHEN r.voided_at IS NOT NULL THEN '{"voided": true}'::jsonb ELSE '{}'::jsonb END
  END
    FROM recharges r
    LEFT JOIN ledger l ON l.card_uid = r.card_uid AND l.recharge_id = r.recharge_id
                      AND l.kind = 'recharge'
   WHERE r.client_request_id = p_client_request_id
$fn$;
