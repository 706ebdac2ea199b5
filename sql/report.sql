-- The operator report's queries (sql/report.py), one per table, each after a "-- name:" line.
-- Every money figure comes from the ledger (one row per balance change, received_at = when
-- the database changed the balance), joined to the order, recharge or void it belongs to;
-- so every breakdown of one kind of money adds up to the same ledger total. A range is
-- [%(from)s, %(to)s) on ledger.received_at; NULL leaves that end open.

-- name: money_by_kind
SELECT kind, count(*) AS entries, sum(amount_cents)::bigint AS amount_cents
  FROM ledger
 WHERE received_at >= coalesce(%(from)s::timestamptz, '-infinity') AND received_at < coalesce(%(to)s::timestamptz, 'infinity')
 GROUP BY kind ORDER BY kind;

-- name: float_before
SELECT coalesce(sum(amount_cents), 0)::bigint FROM ledger
 WHERE received_at < coalesce(%(from)s::timestamptz, '-infinity');

-- name: float_until
SELECT coalesce(sum(amount_cents), 0)::bigint FROM ledger
 WHERE received_at < coalesce(%(to)s::timestamptz, 'infinity');

-- name: sales_by_point_of_sale
-- an order debits (amount < 0); its void credits back: sales are minus the amounts
SELECT o.point_of_sale_id,
       count(*) FILTER (WHERE l.kind = 'order') AS orders,
       coalesce(sum(-l.amount_cents) FILTER (WHERE l.kind = 'order'), 0)::bigint AS gross_cents,
       count(*) FILTER (WHERE l.kind = 'void') AS voided_orders,
       coalesce(sum(-l.amount_cents) FILTER (WHERE l.kind = 'void'), 0)::bigint AS voided_cents,
       sum(-l.amount_cents)::bigint AS net_cents
  FROM ledger l JOIN orders o ON o.order_id = l.order_id
 WHERE l.kind IN ('order', 'void') AND l.order_id IS NOT NULL
   AND l.received_at >= coalesce(%(from)s::timestamptz, '-infinity') AND l.received_at < coalesce(%(to)s::timestamptz, 'infinity')
 GROUP BY 1 ORDER BY 1;

-- name: sales_by_product
SELECT line.product_id, max(line.name) AS name,
       sum(CASE l.kind WHEN 'order' THEN line.quantity ELSE -line.quantity END)::bigint AS quantity,
       sum(CASE l.kind WHEN 'order' THEN line.line_total_cents ELSE -line.line_total_cents END)::bigint
         AS net_cents
  FROM ledger l JOIN orders o ON o.order_id = l.order_id
 CROSS JOIN LATERAL jsonb_to_recordset(o.lines) AS line(product_id text, name text, quantity integer,
                                                         line_total_cents bigint)
 WHERE l.kind IN ('order', 'void') AND l.order_id IS NOT NULL
   AND l.received_at >= coalesce(%(from)s::timestamptz, '-infinity') AND l.received_at < coalesce(%(to)s::timestamptz, 'infinity')
 GROUP BY 1 ORDER BY net_cents DESC, 1;

-- name: sales_by_hour
SELECT date_trunc('hour', l.received_at) AS hour,
       count(*) FILTER (WHERE l.kind = 'order') AS orders,
       sum(-l.amount_cents)::bigint AS net_cents
  FROM ledger l
 WHERE l.kind IN ('order', 'void') AND l.order_id IS NOT NULL
   AND l.received_at >= coalesce(%(from)s::timestamptz, '-infinity') AND l.received_at < coalesce(%(to)s::timestamptz, 'infinity')
 GROUP BY 1 ORDER BY 1;

-- name: recharges_by_method
SELECT r.payment_method, coalesce(r.checkpoint_id, 'online') AS place,
       count(*) FILTER (WHERE l.kind = 'recharge') AS recharges,
       coalesce(sum(l.amount_cents) FILTER (WHERE l.kind = 'recharge'), 0)::bigint AS gross_cents,
       count(*) FILTER (WHERE l.kind = 'void') AS voided,
       coalesce(sum(l.amount_cents) FILTER (WHERE l.kind = 'void'), 0)::bigint AS voided_cents,
       sum(l.amount_cents)::bigint AS net_cents
  FROM ledger l JOIN recharges r ON r.recharge_id = l.recharge_id
 WHERE l.kind IN ('recharge', 'void') AND l.recharge_id IS NOT NULL
   AND l.received_at >= coalesce(%(from)s::timestamptz, '-infinity') AND l.received_at < coalesce(%(to)s::timestamptz, 'infinity')
 GROUP BY 1, 2 ORDER BY 1, 2;

-- name: voids_by_staff
SELECT v.staff_id, count(*) AS voids, count(*) FILTER (WHERE v.self_void) AS self_voids,
       count(*) FILTER (WHERE v.outcome <> 'reversed') AS nothing_reversed,
       coalesce(sum(l.amount_cents), 0)::bigint AS amount_cents
  FROM voids v LEFT JOIN ledger l ON l.void_id = v.void_id AND l.kind = 'void'
 WHERE v.created_at >= coalesce(%(from)s::timestamptz, '-infinity') AND v.created_at < coalesce(%(to)s::timestamptz, 'infinity')
 GROUP BY 1 ORDER BY 1;

-- name: offline_sales
SELECT o.device_id, count(*) AS orders, sum(-l.amount_cents)::bigint AS amount_cents,
       count(*) FILTER (WHERE o.overdraft) AS overdrafts
  FROM ledger l JOIN orders o ON o.order_id = l.order_id
 WHERE l.kind = 'order' AND o.offline
   AND l.received_at >= coalesce(%(from)s::timestamptz, '-infinity') AND l.received_at < coalesce(%(to)s::timestamptz, 'infinity')
 GROUP BY 1 ORDER BY 1;

-- name: overdrafts_outstanding
SELECT card_uid, balance_cents, overdraft_flagged_at FROM cards WHERE balance_cents < 0
 ORDER BY overdraft_flagged_at, card_uid;

-- name: declines
-- requests the backend refused (with their code): an offline one is a kiosk's conflict
SELECT r.operation, coalesce(r.response ->> 'error_code', '?') AS error_code, count(*) AS requests
  FROM idempotency_records r
 WHERE NOT r.succeeded
   AND r.created_at >= coalesce(%(from)s::timestamptz, '-infinity') AND r.created_at < coalesce(%(to)s::timestamptz, 'infinity')
 GROUP BY 1, 2 ORDER BY 1, 2;

-- name: float_by_hour
SELECT date_trunc('hour', received_at) AS hour, sum(amount_cents)::bigint AS change_cents
  FROM ledger
 WHERE received_at >= coalesce(%(from)s::timestamptz, '-infinity') AND received_at < coalesce(%(to)s::timestamptz, 'infinity')
 GROUP BY 1 ORDER BY 1;

-- name: devices
SELECT d.device_id, d.role, coalesce(d.point_of_sale_id, d.checkpoint_id, '-') AS place, d.enabled,
       (SELECT count(*) FROM ledger l WHERE l.device_id = d.device_id AND l.kind IN ('order', 'recharge')
           AND l.received_at >= coalesce(%(from)s::timestamptz, '-infinity')
           AND l.received_at < coalesce(%(to)s::timestamptz, 'infinity')) AS money_rows,
       h.received_at AS last_heartbeat, h.app_version, h.outbox_pending, h.conflicts
  FROM devices d LEFT JOIN device_heartbeats h USING (device_id)
 ORDER BY 1;

-- name: card_balances
SELECT coalesce(sum(balance_cents), 0)::bigint FROM cards;

-- name: total_of_kind
SELECT coalesce(sum(amount_cents), 0)::bigint FROM ledger
 WHERE kind = %(kind)s
   AND received_at >= coalesce(%(from)s::timestamptz, '-infinity')
   AND received_at < coalesce(%(to)s::timestamptz, 'infinity');

-- name: voids_of_orders
SELECT coalesce(sum(amount_cents), 0)::bigint FROM ledger
 WHERE kind = 'void' AND order_id IS NOT NULL
   AND received_at >= coalesce(%(from)s::timestamptz, '-infinity')
   AND received_at < coalesce(%(to)s::timestamptz, 'infinity');

-- name: voids_of_recharges
SELECT coalesce(sum(amount_cents), 0)::bigint FROM ledger
 WHERE kind = 'void' AND recharge_id IS NOT NULL
   AND received_at >= coalesce(%(from)s::timestamptz, '-infinity')
   AND received_at < coalesce(%(to)s::timestamptz, 'infinity');

-- name: cash_shifts
-- the shifts opened in the range, with their live figures (cash_shift_figures: late replays
-- included); "cash" is net of cash handed back by voids, "moves" is from the safe - to it
SELECT s.shift_id::text AS shift, s.device_id AS device, s.staff_id AS cashier,
       s.opened_at AS opened, s.closed_at AS closed,
       f.opening_float_cents AS float_cents,
       f.cash_recharges_cents - f.cash_voided_cents AS cash_cents,
       f.card_recharges_cents AS card_cents,
       f.moved_from_safe_cents - f.moved_to_safe_cents AS moves_cents,
       f.expected_cash_cents AS expected_cents,
       s.counted_cash_cents AS counted_cents,
       s.counted_cash_cents - f.expected_cash_cents AS difference_cents,
       s.open_verified AND s.close_verified AS verified,
       CASE WHEN cash_shift_adjusted_at(s.shift_id) IS NOT NULL THEN s.difference_at_close_cents END
         AS difference_at_close_cents
  FROM cash_shifts s CROSS JOIN LATERAL cash_shift_figures(s.shift_id) f
 WHERE s.opened_at >= coalesce(%(from)s::timestamptz, '-infinity') AND s.opened_at < coalesce(%(to)s::timestamptz, 'infinity')
 ORDER BY s.opened_at, s.device_id, s.staff_id;

-- name: cash_shift_ledger
-- the same shifts' cash and card money straight from the ledger (recharges and their voids),
-- the check of the table's cash and card columns
SELECT coalesce(sum(l.amount_cents) FILTER (WHERE r.payment_method = 'cash'), 0)::bigint,
       coalesce(sum(l.amount_cents) FILTER (WHERE r.payment_method = 'card' AND l.kind = 'recharge'), 0)::bigint
  FROM ledger l
  JOIN recharges r ON r.recharge_id = l.recharge_id
  JOIN cash_shifts s ON s.shift_id = r.shift_id
 WHERE l.kind IN ('recharge', 'void')
   AND s.opened_at >= coalesce(%(from)s::timestamptz, '-infinity') AND s.opened_at < coalesce(%(to)s::timestamptz, 'infinity');

-- name: shiftless_cash
-- cash recharges at checkpoints that belong to no shift (offline replays no shift was open for)
SELECT count(*), coalesce(sum(amount_cents), 0)::bigint FROM recharges
 WHERE shift_id IS NULL AND payment_method = 'cash'
   AND received_at >= coalesce(%(from)s::timestamptz, '-infinity') AND received_at < coalesce(%(to)s::timestamptz, 'infinity');
