-- A bar order (DESIGN, sp_process_bar_order). The shape of every money function:
-- (1) check the arguments (INVALID_REQUEST, never recorded: a malformed request has no
-- trustworthy key); (2) read-only fast path: a seen id returns its stored outcome, or
-- IDEMPOTENCY_CONFLICT, without a lock or a write; (3) authorise the connection's device and
-- the staff member (UNAUTHORIZED, not recorded: it concerns the caller, not the request, and a
-- fixed set-up must let the same id go through); (4) take the request id's advisory lock and
-- look again in a newer snapshot, so that of two concurrent calls with one id one executes and
-- the other returns its result (here the lock is taken by the first statement and the second
-- look is folded into the writing statement); (5) business rejections and offline claims
-- beyond the event's limits are recorded as the outcome; (6) the effect, its ledger row and
-- the idempotency record are written by one statement (which also debits the card).
CREATE OR REPLACE FUNCTION sp_process_bar_order(
  p_client_request_id uuid, p_card_uid text, p_items jsonb,
  p_expected_total_cents bigint, p_point_of_sale_id text, p_device_id text,
  p_staff_id text, p_captured_at timestamptz DEFAULT now(),
  p_offline boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
-- PL/pgSQL compiles each expression anew in every transaction that uses it, and each call
-- is its own transaction: the checks below are folded into few expressions on purpose.
DECLARE
  v_problem          text;
  v_fp               uuid;
  -- a seen id, the point of sale's products and the caller: read in one statement
  v_seen_operation   text;
  v_seen_fingerprint uuid;
  v_seen_response    jsonb;
  v_seen_voided      boolean;
  v_locked           boolean;
  v_products         jsonb;
  v_device_enabled   boolean;
  v_device_role      text;
  v_device_pos       text;
  v_caller_ok        boolean;
  v_verified         boolean;
  v_tombstone        jsonb;
  v_purged           boolean;
  v_hour_amount      bigint;
  v_device_limit     bigint;
  v_staff_enabled    boolean;
  v_staff_role       text;
  v_max              bigint;
  v_offline_limit    bigint;
  -- the lines, priced here
  v_product_id       text;
  v_quantity         numeric;
  v_product          jsonb;
  v_listed           text[];
  v_missing          text[];
  v_lines            jsonb;
  v_total            bigint;
  -- the card
  v_status           text;
  v_previous         bigint;
  v_attempt          integer;
  v_response         jsonb;
BEGIN
  -- 1. argument shapes: the first problem, if any
  v_problem := CASE
    WHEN p_client_request_id IS NULL THEN 'p_client_request_id is required'
    WHEN NOT is_card_uid(p_card_uid) THEN 'p_card_uid must be 8 to 20 uppercase hex digits'
    WHEN NOT (CASE WHEN jsonb_typeof(p_items) = 'array'
                   THEN jsonb_array_length(p_items) BETWEEN 1 AND 50
                        AND pg_column_size(p_items) <= 8192
                   ELSE false END) THEN 'p_items must be a JSON array of 1 to 50 lines'
    WHEN p_expected_total_cents IS NULL THEN 'p_expected_total_cents is required'
    WHEN NOT is_slug(p_point_of_sale_id) THEN 'p_point_of_sale_id is missing or malformed'
    WHEN NOT is_slug(p_device_id) THEN 'p_device_id is missing or malformed'
    WHEN NOT is_slug(p_staff_id) THEN 'p_staff_id is missing or malformed'
    WHEN NOT isfinite(coalesce(p_captured_at, now())) THEN 'p_captured_at must be a finite timestamp'
  END;
  IF v_problem IS NOT NULL THEN
    RETURN kiosk_error('INVALID_REQUEST', v_problem);
  END IF;

  -- 2. a seen id: its stored outcome, read-only (no lock, no write); a tombstone this device
  --    left by voiding the id itself; an order whose record was purged. On a miss the same
  --    statement reads what a new request needs (the point of sale's price list and who
  --    is asking: the connection's device, the staff member's verified session) and takes
  --    the request id's advisory lock, held to the end of the transaction: of two concurrent
  --    calls with one id, the second waits here, and the writing statement below, which
  --    takes a newer snapshot, sees the first one's outcome.
  v_fp := md5(jsonb_build_array('bar_order', p_card_uid, p_items, p_expected_total_cents,
                                p_point_of_sale_id, p_device_id, p_staff_id)::text)::uuid;
  SELECT r.operation, r.fingerprint, r.response, r.voided,
         CASE WHEN r.client_request_id IS NULL THEN
           (SELECT jsonb_object_agg(p.product_id, jsonb_build_array(p.price_cents, p.name, p.kind))
              FROM products p
             WHERE p.point_of_sale_id = p_point_of_sale_id AND p.active)
         END,
         d.enabled, d.role, d.point_of_sale_id, may_act_as(p_device_id, d.login_role),
         ss.session_id IS NOT NULL, t.response, po.client_request_id IS NOT NULL,
         s.enabled, s.role,
         ev.max_balance_cents, ev.offline_card_limit_cents, ev.offline_device_limit_cents,
         CASE WHEN r.client_request_id IS NULL THEN
           pg_advisory_xact_lock(request_lock_key(p_client_request_id)) IS NOT NULL
         END,
         '{}', '{}', '[]', 0, 0
    INTO v_seen_operation, v_seen_fingerprint, v_seen_response, v_seen_voided,
         v_products, v_device_enabled, v_device_role, v_device_pos, v_caller_ok, v_verified,
         v_tombstone, v_purged, v_staff_enabled,
         v_staff_role, v_max, v_offline_limit, v_device_limit, v_locked,
         v_listed, v_missing, v_lines, v_total, v_attempt
    FROM (SELECT) AS one
    LEFT JOIN idempotency_records r ON r.client_request_id = p_client_request_id
    LEFT JOIN devices d ON d.device_id = p_device_id
    LEFT JOIN staff s ON s.staff_id = p_staff_id
    LEFT JOIN staff_sessions ss ON ss.device_id = p_device_id AND ss.ended_at IS NULL
                               AND ss.staff_id = p_staff_id AND ss.expires_at > now()
    LEFT JOIN request_tombstones t ON t.client_request_id = p_client_request_id
                                  AND t.device_id = p_device_id
    -- an order whose idempotency record the purge removed (its answer is rebuilt below)
    LEFT JOIN orders po ON r.client_request_id IS NULL AND po.client_request_id = p_client_request_id
    LEFT JOIN event_settings ev ON true;
  IF v_seen_operation IS NOT NULL THEN
    RETURN idempotent_answer('bar_order', v_fp, p_client_request_id, v_seen_operation,
                             v_seen_fingerprint, v_seen_response, v_seen_voided);
  END IF;
  IF v_tombstone IS NOT NULL THEN
    RETURN v_tombstone;
  END IF;
  IF v_purged THEN
    RETURN purged_order_answer(p_client_request_id, p_card_uid, p_expected_total_cents,
                               p_point_of_sale_id, p_device_id, p_staff_id);
  END IF;

  -- 3. the lines: well formed, each product once, priced from the server's list
  FOR v_line_no IN 1 .. jsonb_array_length(p_items) LOOP
    v_product_id := CASE WHEN jsonb_typeof(p_items -> (v_line_no - 1) -> 'product_id') = 'string'
                         THEN p_items -> (v_line_no - 1) ->> 'product_id' END;
    v_quantity := CASE WHEN jsonb_typeof(p_items -> (v_line_no - 1) -> 'quantity') = 'number'
                       THEN (p_items -> (v_line_no - 1) -> 'quantity')::numeric END;
    IF v_product_id IS NULL OR length(v_product_id) NOT BETWEEN 1 AND 64
       OR v_quantity IS NULL OR v_quantity NOT BETWEEN 1 AND 99 OR v_quantity <> trunc(v_quantity)
       OR v_product_id = ANY (v_listed) THEN
      RETURN kiosk_error('INVALID_REQUEST', CASE WHEN v_product_id = ANY (v_listed)
        THEN 'product ' || v_product_id || ' appears on more than one line'
        ELSE 'each item must be {"product_id": text, "quantity": whole number from 1 to 99}' END);
    END IF;
    v_listed := v_listed || v_product_id;
    v_product := v_products -> v_product_id;
    IF v_product IS NULL THEN
      v_missing := v_missing || v_product_id;
    ELSE
      v_total := v_total + (v_product ->> 0)::bigint * v_quantity::integer;
      v_lines := v_lines || jsonb_build_object(
        'line_no', v_line_no, 'product_id', v_product_id, 'name', v_product -> 1,
        'kind', v_product -> 2, 'unit_price_cents', v_product -> 0,
        'quantity', v_quantity::integer,
        'line_total_cents', (v_product ->> 0)::bigint * v_quantity::integer);
    END IF;
  END LOOP;

  -- ... and the caller: an enabled device assigned to this point of sale, staff who may sell
  v_problem := CASE
    WHEN v_device_enabled IS NOT TRUE THEN 'device ' || p_device_id || ' is unknown or disabled'
    WHEN NOT v_caller_ok THEN 'this connection does not belong to device ' || p_device_id
    WHEN v_device_role <> 'bar' OR v_device_pos IS DISTINCT FROM p_point_of_sale_id
      THEN 'device ' || p_device_id || ' is not assigned to point of sale ' || p_point_of_sale_id
    WHEN v_staff_enabled IS NOT TRUE OR v_staff_role NOT IN ('bar', 'supervisor', 'admin')
      THEN 'staff ' || p_staff_id || ' may not take bar orders'
    WHEN v_max IS NULL THEN 'the event is not configured yet'
  END;
  IF v_problem IS NOT NULL THEN
    RETURN kiosk_error('UNAUTHORIZED', v_problem);
  END IF;

  -- 4. business rejections are the request's recorded outcome (unless a concurrent call
  --    with this id recorded one first: then its answer)
  IF cardinality(v_missing) > 0 THEN
    RETURN record_decline(p_client_request_id, 'bar_order', v_fp, p_card_uid, p_device_id,
      kiosk_error('PRODUCT_NOT_FOUND', 'not sold at ' || p_point_of_sale_id || ': '
                                       || array_to_string(v_missing, ', '))
      || jsonb_build_object('product_ids', to_jsonb(v_missing)));
  END IF;
  IF v_total <> p_expected_total_cents THEN
    RETURN record_decline(p_client_request_id, 'bar_order', v_fp, p_card_uid, p_device_id,
      kiosk_error('PRICE_MISMATCH', 'the order costs ' || v_total || ' cents, not '
                                    || p_expected_total_cents)
      || jsonb_build_object('server_total_cents', v_total));
  END IF;

  -- ... and an offline claim within the device's hourly offline amount (server clock;
  --    p_captured_at is the device's word and is not used for this)
  IF p_offline THEN
    PERFORM offline_device_lock(p_device_id);
    v_hour_amount := offline_amount_last_hour(p_device_id);
    IF v_hour_amount + abs(v_total) > v_device_limit THEN
      RETURN record_decline(p_client_request_id, 'bar_order', v_fp, p_card_uid, p_device_id,
        offline_limit_error('device ' || p_device_id || ' submitted ' || v_hour_amount
                            || ' cents offline within the last hour; the limit is ' || v_device_limit,
                            jsonb_build_object('limit', 'device_hour',
                                               'offline_amount_last_hour_cents', v_hour_amount,
                                               'offline_device_limit_cents', v_device_limit)));
    END IF;
  END IF;

  -- 5. debit (or credit, for returns) under the card's row lock, and write the order, its
  --    ledger row and its outcome: one statement. A debit may not go below zero, except an
  --    offline sale down to the event's offline limit; when the card refuses, or the id got
  --    an outcome meanwhile, the update takes no row and nothing is written.
  LOOP
    WITH debit AS (
      UPDATE cards c
         SET balance_cents = c.balance_cents - v_total,
             overdraft_flagged_at = CASE WHEN c.balance_cents - v_total < 0
                                         THEN coalesce(c.overdraft_flagged_at, now())
                                         ELSE c.overdraft_flagged_at END,
             updated_at = now()
       WHERE c.card_uid = p_card_uid
         AND c.status = 'active'
         AND (v_total <= 0
              OR c.balance_cents - v_total
                 >= CASE WHEN p_offline THEN -v_offline_limit ELSE 0 END)
         AND (v_total >= 0 OR c.balance_cents - v_total <= v_max)
         AND NOT EXISTS (SELECT FROM idempotency_records i
                          WHERE i.client_request_id = p_client_request_id)
      RETURNING c.balance_cents + v_total AS previous, c.balance_cents AS new
    ), ins_order AS (
      INSERT INTO orders (client_request_id, card_uid, point_of_sale_id, device_id, staff_id,
                          total_cents, lines, offline, overdraft, captured_at, staff_verified)
      SELECT p_client_request_id, p_card_uid, p_point_of_sale_id, p_device_id, p_staff_id,
             v_total, v_lines, coalesce(p_offline, false), d.new < 0 AND v_total > 0,
             coalesce(p_captured_at, now()), v_verified
        FROM debit d
      RETURNING order_id, offline, overdraft, captured_at
    ), ins_ledger AS (
      INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents,
                          new_balance_cents, client_request_id, order_id, device_id,
                          staff_id, offline, captured_at)
      SELECT p_card_uid, 'order', -v_total, d.previous, d.new, p_client_request_id,
             o.order_id, p_device_id, p_staff_id, o.offline, o.captured_at
        FROM debit d, ins_order o
      RETURNING entry_id, order_id, previous_balance_cents, new_balance_cents
    ), ins_outcome AS (
      INSERT INTO idempotency_records (client_request_id, operation, fingerprint, response,
                                       succeeded, card_uid, device_id)
      SELECT p_client_request_id, 'bar_order', v_fp,
             money_answer(p_client_request_id, l.entry_id, p_card_uid, l.previous_balance_cents,
                          l.new_balance_cents, false)
             || jsonb_build_object(
               'order_id', l.order_id, 'total_cents', v_total,
               'overdraft', o.overdraft, 'offline', o.offline),
             true, p_card_uid, p_device_id
        FROM ins_ledger l, ins_order o
      RETURNING response
    )
    SELECT response INTO v_response FROM ins_outcome;
    EXIT WHEN FOUND;

    -- why not: a concurrent call with this id went first, or the card (under its row
    -- lock: it may have changed meanwhile)
    v_response := seen_request_answer('bar_order', v_fp, p_client_request_id);
    IF v_response IS NOT NULL THEN
      RETURN v_response;
    END IF;
    v_attempt := v_attempt + 1;
    SELECT status, balance_cents INTO v_status, v_previous
      FROM cards WHERE card_uid = p_card_uid FOR UPDATE;
    v_response := card_unusable(p_card_uid, v_status);
    IF v_response IS NOT NULL THEN
      RETURN record_decline(p_client_request_id, 'bar_order', v_fp, p_card_uid, p_device_id, v_response);
    END IF;
    IF v_total > 0 AND p_offline AND v_previous - v_total < -v_offline_limit THEN
      RETURN record_decline(p_client_request_id, 'bar_order', v_fp, p_card_uid, p_device_id,
        offline_limit_error('the card holds ' || v_previous || ' cents; an offline sale may take it '
                            || 'down to -' || v_offline_limit || ', this one costs ' || v_total,
                            jsonb_build_object('limit', 'card_overdraft', 'balance_cents', v_previous,
                                               'total_cents', v_total,
                                               'offline_card_limit_cents', v_offline_limit)));
    END IF;
    IF v_total > 0 AND v_previous - v_total < 0 AND p_offline IS NOT TRUE THEN
      RETURN record_decline(p_client_request_id, 'bar_order', v_fp, p_card_uid, p_device_id,
        kiosk_error('INSUFFICIENT_FUNDS', 'the card holds ' || v_previous
                    || ' cents, the order costs ' || v_total)
        || jsonb_build_object('balance_cents', v_previous, 'total_cents', v_total));
    END IF;
    IF v_total < 0 AND v_previous - v_total > v_max THEN
      RETURN record_decline(p_client_request_id, 'bar_order', v_fp, p_card_uid, p_device_id,
        CASE WHEN p_offline
          THEN offline_limit_error('the credit would take the card above the event maximum',
                                   jsonb_build_object('limit', 'max_balance', 'balance_cents', v_previous,
                                                      'max_balance_cents', v_max))
          ELSE kiosk_error('BALANCE_LIMIT_EXCEEDED', 'the credit would take the card above the event maximum')
               || jsonb_build_object('balance_cents', v_previous, 'max_balance_cents', v_max)
        END);
    END IF;
    IF v_attempt > 1 THEN
      RAISE EXCEPTION 'bar order % for card %: update refused without a reason',
        p_client_request_id, p_card_uid;
    END IF;
  END LOOP;
  RETURN v_response;
END
$fn$;
