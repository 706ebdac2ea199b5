-- Loads the demo data set from one JSON document (built by sql/demo.py) in one
-- statement. Every insert skips rows that already exist, and initial-balance ledger
-- rows are written only for cards this run created, so seeding twice changes nothing.
-- Returns how many rows of each kind this run inserted.
WITH demo AS (
  SELECT %(demo)s::jsonb AS d
), event_row AS (
  INSERT INTO event_settings (name, currency, max_balance_cents, offline_card_limit_cents,
                              offline_device_limit_cents, refund_deadline)
  SELECT x.name, x.currency, x.max_balance_cents, x.offline_card_limit_cents,
         x.offline_device_limit_cents, now() + interval '30 days'  -- DESIGN: 30 days after loading
    FROM demo, jsonb_to_record(d -> 'event') AS x(
           name text, currency text, max_balance_cents bigint, offline_card_limit_cents bigint,
           offline_device_limit_cents bigint)
  ON CONFLICT DO NOTHING
  RETURNING 1
), pos_rows AS (
  INSERT INTO points_of_sale (point_of_sale_id, name)
  SELECT x.point_of_sale_id, x.name
    FROM demo, jsonb_to_recordset(d -> 'points_of_sale') AS x(point_of_sale_id text, name text)
  ON CONFLICT DO NOTHING
  RETURNING 1
), checkpoint_rows AS (
  INSERT INTO checkpoints (checkpoint_id, name)
  SELECT x.checkpoint_id, x.name
    FROM demo, jsonb_to_recordset(d -> 'checkpoints') AS x(checkpoint_id text, name text)
  ON CONFLICT DO NOTHING
  RETURNING 1
), device_rows AS (
  INSERT INTO devices (device_id, name, role, point_of_sale_id, checkpoint_id)
  SELECT x.device_id, x.name, x.role, x.point_of_sale_id, x.checkpoint_id
    FROM demo, jsonb_to_recordset(d -> 'devices') AS x(
           device_id text, name text, role text, point_of_sale_id text, checkpoint_id text)
  ON CONFLICT DO NOTHING
  RETURNING 1
), staff_rows AS (
  INSERT INTO staff (staff_id, name, role, pin_hash)
  SELECT x.staff_id, x.name, x.role, x.pin_hash
    FROM demo, jsonb_to_recordset(d -> 'staff') AS x(
           staff_id text, name text, role text, pin_hash text)
  ON CONFLICT DO NOTHING
  RETURNING 1
), product_rows AS (
  INSERT INTO products (point_of_sale_id, product_id, name, price_cents, category, kind, sort_order)
  SELECT x.point_of_sale_id, x.product_id, x.name, x.price_cents, x.category, x.kind, x.sort_order
    FROM demo, jsonb_to_recordset(d -> 'products') AS x(
           point_of_sale_id text, product_id text, name text, price_cents bigint,
           category text, kind text, sort_order integer)
  ON CONFLICT DO NOTHING
  RETURNING 1
), card_rows AS (
  INSERT INTO cards (card_uid, printed_code, status, balance_cents)
  SELECT x.card_uid, x.printed_code, x.status, x.balance_cents
    FROM demo, jsonb_to_recordset(d -> 'cards') AS x(
           card_uid text, printed_code text, status text, balance_cents bigint)
  ON CONFLICT DO NOTHING
  RETURNING card_uid, balance_cents
), ledger_rows AS (
  INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents,
                              new_balance_cents, captured_at)
  SELECT card_uid, 'initial', balance_cents, 0, balance_cents, now()
    FROM card_rows
   WHERE balance_cents <> 0
  RETURNING 1
)
SELECT (SELECT count(*) FROM event_row)       AS event_settings,
       (SELECT count(*) FROM pos_rows)        AS points_of_sale,
       (SELECT count(*) FROM checkpoint_rows) AS checkpoints,
       (SELECT count(*) FROM device_rows)     AS devices,
       (SELECT count(*) FROM staff_rows)      AS staff,
       (SELECT count(*) FROM product_rows)    AS products,
       (SELECT count(*) FROM card_rows)       AS cards,
       (SELECT count(*) FROM ledger_rows)     AS ledger
