-- The rest of the contract: Stripe recharges, voids, card status, device
-- configuration, the kiosks' offline card cache, the scan log upload, and the
-- maintenance purge of old idempotency records.

-- Stripe Checkout top-up, called by the webhook receiver (role `payments`).
-- Idempotent on the session id: its request id is md5('stripe:' || session id) as a
-- uuid, so a Stripe session can also be voided like any request. The fingerprint
-- is session, card and amount; metadata is stored but not compared (a webhook
-- retry may carry other event details for the same session).
CREATE FUNCTION sp_process_stripe_recharge(
  p_stripe_session_id text, p_card_uid text, p_amount_cents bigint,
  p_metadata jsonb DEFAULT '{}')
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_metadata jsonb := coalesce(p_metadata, '{}');
  v_id       uuid;
  v_fp       uuid;
  v_seen     record;
  v_max      bigint;
  v_card     record;
  v_attempt  integer := 0;
  v_response jsonb;
BEGIN
  IF p_stripe_session_id IS NULL OR p_stripe_session_id !~ '^[A-Za-z0-9_-]{1,255}$' THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_stripe_session_id is missing or malformed');
  END IF;
  IF NOT is_card_uid(p_card_uid) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_card_uid must be 8 to 20 uppercase hex digits');
  END IF;
  IF p_amount_cents IS NULL THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_amount_cents is required');
  END IF;
  IF NOT (CASE WHEN jsonb_typeof(v_metadata) = 'object' THEN pg_column_size(v_metadata) <= 8192
               ELSE false END) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_metadata must be a JSON object of at most 8 kB');
  END IF;

  v_id := md5('stripe:' || p_stripe_session_id)::uuid;
  v_fp := md5(jsonb_build_array('stripe_recharge', p_stripe_session_id, p_card_uid,
                                p_amount_cents)::text)::uuid;
  SELECT operation, fingerprint, response, voided INTO v_seen
    FROM idempotency_records WHERE client_request_id = v_id;
  IF FOUND THEN
    RETURN idempotent_answer('stripe_recharge', v_fp, v_id, v_seen.operation,
                             v_seen.fingerprint, v_seen.response, v_seen.voided);
  END IF;

  SELECT max_balance_cents INTO v_max FROM event_settings;
  IF v_max IS NULL THEN
    RETURN kiosk_error('UNAUTHORIZED', 'the event is not configured yet');
  END IF;

  PERFORM pg_advisory_xact_lock(request_lock_key(v_id));
  SELECT operation, fingerprint, response, voided INTO v_seen
    FROM idempotency_records WHERE client_request_id = v_id;
  IF FOUND THEN
    RETURN idempotent_answer('stripe_recharge', v_fp, v_id, v_seen.operation,
                             v_seen.fingerprint, v_seen.response, v_seen.voided);
  END IF;

  IF p_amount_cents NOT BETWEEN 1 AND v_max THEN
    RETURN record_decline(v_id, 'stripe_recharge', v_fp, p_card_uid,
      kiosk_error('AMOUNT_OUT_OF_RANGE', 'a recharge is from 1 to ' || v_max || ' cents')
      || jsonb_build_object('min_amount_cents', 1, 'max_amount_cents', v_max,
                            'stripe_session_id', p_stripe_session_id));
  END IF;

  LOOP
    UPDATE cards c
       SET balance_cents = c.balance_cents + p_amount_cents,
           overdraft_flagged_at = CASE WHEN c.balance_cents + p_amount_cents >= 0 THEN NULL
                                       ELSE c.overdraft_flagged_at END,
           updated_at = now()
     WHERE c.card_uid = p_card_uid
       AND c.status = 'active'
       AND c.balance_cents + p_amount_cents <= v_max
    RETURNING c.balance_cents - p_amount_cents AS previous, c.balance_cents AS new INTO v_card;
    EXIT WHEN FOUND;

    v_attempt := v_attempt + 1;
    SELECT status, balance_cents INTO v_card FROM cards WHERE card_uid = p_card_uid FOR UPDATE;
    IF NOT FOUND THEN
      RETURN record_decline(v_id, 'stripe_recharge', v_fp, p_card_uid,
        kiosk_error('CARD_NOT_FOUND', 'card ' || p_card_uid || ' is not registered')
        || jsonb_build_object('stripe_session_id', p_stripe_session_id));
    END IF;
    IF v_card.status <> 'active' THEN
      RETURN record_decline(v_id, 'stripe_recharge', v_fp, p_card_uid,
        kiosk_error('CARD_BLOCKED', 'card ' || p_card_uid || ' is blocked')
        || jsonb_build_object('stripe_session_id', p_stripe_session_id));
    END IF;
    IF v_card.balance_cents + p_amount_cents > v_max THEN
      RETURN record_decline(v_id, 'stripe_recharge', v_fp, p_card_uid,
        kiosk_error('BALANCE_LIMIT_EXCEEDED', 'the card holds ' || v_card.balance_cents
                    || ' cents; at most ' || greatest(v_max - v_card.balance_cents, 0)
                    || ' more may be loaded')
        || jsonb_build_object('balance_cents', v_card.balance_cents, 'max_balance_cents', v_max,
                              'max_amount_cents', greatest(v_max - v_card.balance_cents, 0),
                              'stripe_session_id', p_stripe_session_id));
    END IF;
    IF v_attempt > 1 THEN
      RAISE EXCEPTION 'stripe recharge % for card %: update refused without a reason',
        p_stripe_session_id, p_card_uid;
    END IF;
  END LOOP;

  WITH ins_recharge AS (
    INSERT INTO recharges (client_request_id, card_uid, amount_cents, payment_method,
                           stripe_session_id, metadata, captured_at)
    VALUES (v_id, p_card_uid, p_amount_cents, 'stripe', p_stripe_session_id, v_metadata, now())
    RETURNING recharge_id
  ), ins_ledger AS (
    INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents,
                                new_balance_cents, client_request_id, recharge_id, captured_at)
    SELECT p_card_uid, 'recharge', p_amount_cents, v_card.previous, v_card.new, v_id,
           r.recharge_id, now()
      FROM ins_recharge r
    RETURNING entry_id, recharge_id
  ), ins_outcome AS (
    INSERT INTO idempotency_records (client_request_id, operation, fingerprint, response,
                                     succeeded, card_uid)
    SELECT v_id, 'stripe_recharge', v_fp,
           jsonb_build_object(
             'success', true, 'status', 'completed',
             'client_request_id', v_id, 'transaction_id', l.entry_id,
             'card_uid', p_card_uid, 'previous_balance_cents', v_card.previous,
             'new_balance_cents', v_card.new, 'replayed', false,
             'recharge_id', l.recharge_id, 'amount_cents', p_amount_cents,
             'payment_method', 'stripe', 'stripe_session_id', p_stripe_session_id),
           true, p_card_uid
      FROM ins_ledger l
    RETURNING response
  )
  SELECT response INTO v_response FROM ins_outcome;
  RETURN v_response;
END
$fn$;


-- Void a request by its id (supervisors and admins, on any enabled device).
--   committed order     -> its total is credited back (a return-only order is debited back)
--   committed recharge  -> its amount is debited back, only if the card still holds it
--                          (else INSUFFICIENT_FUNDS, nothing recorded: settle at a checkpoint)
--   recorded rejection  -> nothing to reverse; the void is recorded
--   never arrived       -> a tombstone: the late arrival is answered REQUEST_VOIDED
-- One void per id: a repeated void returns the first one's answer with "replayed": true.
CREATE FUNCTION sp_void_request(
  p_client_request_id uuid, p_device_id text, p_staff_id text, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_auth     record;
  v_seen     record;
  v_target   record;
  v_card     record;
  v_void_id  bigint;
  v_entry_id bigint;
  v_response jsonb;
BEGIN
  IF p_client_request_id IS NULL THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_client_request_id is required');
  END IF;
  IF NOT is_slug(p_device_id) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_device_id is missing or malformed');
  END IF;
  IF NOT is_slug(p_staff_id) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_staff_id is missing or malformed');
  END IF;
  IF p_reason IS NULL OR length(btrim(p_reason)) NOT BETWEEN 1 AND 500 THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_reason must be 1 to 500 characters');
  END IF;

  SELECT d.enabled AS device_enabled, s.enabled AS staff_enabled, s.role AS staff_role
    INTO v_auth
    FROM (SELECT) AS one
    LEFT JOIN devices d ON d.device_id = p_device_id
    LEFT JOIN staff s ON s.staff_id = p_staff_id;
  IF v_auth.device_enabled IS NOT TRUE THEN
    RETURN kiosk_error('UNAUTHORIZED', 'device ' || p_device_id || ' is unknown or disabled');
  END IF;
  IF v_auth.staff_enabled IS NOT TRUE OR v_auth.staff_role NOT IN ('supervisor', 'admin') THEN
    RETURN kiosk_error('UNAUTHORIZED', 'only a supervisor may void a request');
  END IF;

  PERFORM pg_advisory_xact_lock(request_lock_key(p_client_request_id));
  SELECT response INTO v_response FROM voids WHERE target_request_id = p_client_request_id;
  IF FOUND THEN
    RETURN v_response || '{"replayed": true}'::jsonb;
  END IF;

  SELECT operation, succeeded INTO v_seen
    FROM idempotency_records WHERE client_request_id = p_client_request_id;

  IF NOT FOUND THEN
    -- never arrived: a tombstone answers its late arrival
    INSERT INTO idempotency_records (client_request_id, operation, fingerprint, response, succeeded)
    VALUES (p_client_request_id, 'tombstone', '00000000-0000-0000-0000-000000000000',
            kiosk_error('REQUEST_VOIDED', 'a supervisor voided this request before it arrived; '
                                          || 'nothing was charged')
            || jsonb_build_object('client_request_id', p_client_request_id),
            false);
    v_response := jsonb_build_object('success', true, 'status', 'completed',
                                     'client_request_id', p_client_request_id,
                                     'outcome', 'tombstone', 'replayed', false);
    INSERT INTO voids (target_request_id, outcome, device_id, staff_id, reason, response)
    VALUES (p_client_request_id, 'tombstone', p_device_id, p_staff_id, btrim(p_reason), v_response);
    RETURN v_response;
  END IF;

  IF NOT v_seen.succeeded THEN
    -- a recorded rejection moved no money
    v_response := jsonb_build_object('success', true, 'status', 'completed',
                                     'client_request_id', p_client_request_id,
                                     'outcome', 'nothing_to_reverse',
                                     'voided_operation', v_seen.operation, 'replayed', false);
    INSERT INTO voids (target_request_id, outcome, target_operation, device_id, staff_id,
                       reason, response)
    VALUES (p_client_request_id, 'nothing_to_reverse', v_seen.operation, p_device_id,
            p_staff_id, btrim(p_reason), v_response);
    UPDATE idempotency_records SET voided = true WHERE client_request_id = p_client_request_id;
    RETURN v_response;
  END IF;

  IF v_seen.operation = 'bar_order' THEN
    SELECT order_id AS id, card_uid, total_cents AS change INTO v_target
      FROM orders WHERE client_request_id = p_client_request_id;
  ELSE
    SELECT recharge_id AS id, card_uid, -amount_cents AS change INTO v_target
      FROM recharges WHERE client_request_id = p_client_request_id;
  END IF;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'request % succeeded but its % row is missing',
      p_client_request_id, v_seen.operation;
  END IF;

  SELECT balance_cents INTO v_card FROM cards WHERE card_uid = v_target.card_uid FOR UPDATE;
  IF v_target.change < 0 AND v_card.balance_cents + v_target.change < 0 THEN
    RETURN kiosk_error('INSUFFICIENT_FUNDS',
      'the card holds ' || v_card.balance_cents || ' cents, the void would take back '
      || -v_target.change || '; settle the difference at a checkpoint and void again')
      || jsonb_build_object('balance_cents', v_card.balance_cents,
                            'client_request_id', p_client_request_id);
  END IF;

  UPDATE cards SET balance_cents = balance_cents + v_target.change, updated_at = now()
   WHERE card_uid = v_target.card_uid;
  v_void_id := nextval(pg_get_serial_sequence('voids', 'void_id'));
  v_entry_id := nextval(pg_get_serial_sequence('ledger', 'entry_id'));
  v_response := jsonb_build_object(
    'success', true, 'status', 'completed', 'client_request_id', p_client_request_id,
    'transaction_id', v_entry_id, 'card_uid', v_target.card_uid,
    'previous_balance_cents', v_card.balance_cents,
    'new_balance_cents', v_card.balance_cents + v_target.change, 'replayed', false,
    'outcome', 'reversed', 'voided_operation', v_seen.operation,
    'amount_cents', v_target.change);
  INSERT INTO voids (void_id, target_request_id, outcome, target_operation, device_id, staff_id,
                     reason, response)
  VALUES (v_void_id, p_client_request_id, 'reversed', v_seen.operation, p_device_id, p_staff_id,
          btrim(p_reason), v_response);
  INSERT INTO ledger (entry_id, card_uid, kind, amount_cents, previous_balance_cents,
                              new_balance_cents, client_request_id, order_id, recharge_id,
                              void_id, device_id, staff_id, captured_at)
  VALUES (v_entry_id, v_target.card_uid, 'void', v_target.change, v_card.balance_cents,
          v_card.balance_cents + v_target.change, p_client_request_id,
          CASE WHEN v_seen.operation = 'bar_order' THEN v_target.id END,
          CASE WHEN v_seen.operation <> 'bar_order' THEN v_target.id END,
          v_void_id, p_device_id, p_staff_id, now());
  IF v_seen.operation = 'bar_order' THEN
    UPDATE orders SET voided_at = now() WHERE client_request_id = p_client_request_id;
  ELSE
    UPDATE recharges SET voided_at = now() WHERE recharge_id = v_target.id;
  END IF;
  UPDATE idempotency_records SET voided = true WHERE client_request_id = p_client_request_id;
  RETURN v_response;
END
$fn$;


-- Block a lost card or unblock it (supervisors and admins). No ledger row; every
-- change is audited in card_status_changes and reaches kiosks through
-- sp_cards_changed_since. Setting the status a card already has changes nothing.
CREATE FUNCTION sp_set_card_status(
  p_card_uid text, p_status text, p_device_id text, p_staff_id text, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_auth record;
  v_card record;
BEGIN
  IF NOT is_card_uid(p_card_uid) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_card_uid must be 8 to 20 uppercase hex digits');
  END IF;
  IF p_status IS NULL OR p_status NOT IN ('active', 'blocked') THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_status must be ''active'' or ''blocked''');
  END IF;
  IF NOT is_slug(p_device_id) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_device_id is missing or malformed');
  END IF;
  IF NOT is_slug(p_staff_id) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_staff_id is missing or malformed');
  END IF;
  IF length(p_reason) > 500 THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_reason must be at most 500 characters');
  END IF;

  SELECT d.enabled AS device_enabled, s.enabled AS staff_enabled, s.role AS staff_role
    INTO v_auth
    FROM (SELECT) AS one
    LEFT JOIN devices d ON d.device_id = p_device_id
    LEFT JOIN staff s ON s.staff_id = p_staff_id;
  IF v_auth.device_enabled IS NOT TRUE THEN
    RETURN kiosk_error('UNAUTHORIZED', 'device ' || p_device_id || ' is unknown or disabled');
  END IF;
  IF v_auth.staff_enabled IS NOT TRUE OR v_auth.staff_role NOT IN ('supervisor', 'admin') THEN
    RETURN kiosk_error('UNAUTHORIZED', 'only a supervisor may block or unblock a card');
  END IF;

  SELECT status, balance_cents INTO v_card FROM cards WHERE card_uid = p_card_uid FOR UPDATE;
  IF NOT FOUND THEN
    RETURN kiosk_error('CARD_NOT_FOUND', 'card ' || p_card_uid || ' is not registered');
  END IF;
  IF v_card.status <> p_status THEN
    UPDATE cards SET status = p_status, updated_at = now() WHERE card_uid = p_card_uid;
    INSERT INTO card_status_changes (card_uid, previous_status, new_status, device_id, staff_id, reason)
    VALUES (p_card_uid, v_card.status, p_status, p_device_id, p_staff_id, nullif(btrim(p_reason), ''));
  END IF;
  RETURN jsonb_build_object('success', true, 'card_uid', p_card_uid, 'status', p_status,
                            'previous_status', v_card.status,
                            'changed', v_card.status <> p_status,
                            'balance_cents', v_card.balance_cents);
END
$fn$;


-- A card's status, balance and last ten ledger entries (newest first).
CREATE FUNCTION sp_card_status(p_card_uid text)
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_card record;
BEGIN
  IF NOT is_card_uid(p_card_uid) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_card_uid must be 8 to 20 uppercase hex digits');
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
               'client_request_id', l.client_request_id, 'device_id', l.device_id,
               'staff_id', l.staff_id, 'offline', l.offline,
               'captured_at', l.captured_at, 'received_at', l.received_at)
             ORDER BY l.entry_id DESC)
        FROM (SELECT * FROM ledger WHERE card_uid = p_card_uid
               ORDER BY entry_id DESC LIMIT 10) AS l), '[]'::jsonb));
END
$fn$;


-- What a kiosk needs to work, online or off. "config_version" is a digest of the
-- rest: it changes exactly when something in the answer changes.
CREATE FUNCTION sp_device_config(p_device_id text)
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_device record;
  v_event  jsonb;
  v_config jsonb;
BEGIN
  IF NOT is_slug(p_device_id) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_device_id is missing or malformed');
  END IF;
  SELECT device_id, name, role, point_of_sale_id, checkpoint_id INTO v_device
    FROM devices WHERE device_id = p_device_id AND enabled;
  IF NOT FOUND THEN
    RETURN kiosk_error('UNAUTHORIZED', 'device ' || p_device_id || ' is unknown or disabled');
  END IF;
  SELECT jsonb_build_object(
           'name', name, 'currency', currency, 'max_balance_cents', max_balance_cents,
           'offline_card_limit_cents', offline_card_limit_cents,
           'offline_device_limit_cents', offline_device_limit_cents,
           'starts_at', starts_at, 'ends_at', ends_at)
    INTO v_event FROM event_settings;
  IF v_event IS NULL THEN
    RETURN kiosk_error('UNAUTHORIZED', 'the event is not configured yet');
  END IF;

  v_config := jsonb_build_object(
    'device', jsonb_build_object('device_id', v_device.device_id, 'name', v_device.name,
                                 'role', v_device.role, 'enabled', true)
              || CASE WHEN v_device.role = 'bar'
                      THEN jsonb_build_object('point_of_sale_id', v_device.point_of_sale_id)
                      ELSE jsonb_build_object('checkpoint_id', v_device.checkpoint_id) END,
    'event', v_event,
    'products', coalesce((
      SELECT jsonb_agg(jsonb_build_object('product_id', product_id, 'name', name,
                                          'price_cents', price_cents, 'category', category,
                                          'kind', kind)
                       ORDER BY sort_order, product_id)
        FROM products
       WHERE v_device.role = 'bar' AND point_of_sale_id = v_device.point_of_sale_id AND active),
      '[]'::jsonb),
    'staff', coalesce((
      SELECT jsonb_agg(jsonb_build_object('staff_id', staff_id, 'name', name, 'role', role,
                                          'pin_hash', pin_hash, 'card_uid', card_uid)
                       ORDER BY staff_id)
        FROM staff
       WHERE enabled
         AND role = ANY (CASE WHEN v_device.role = 'bar'
                              THEN ARRAY['bar', 'supervisor', 'admin']
                              ELSE ARRAY['cashier', 'supervisor', 'admin'] END)),
      '[]'::jsonb));
  RETURN jsonb_build_object('success', true) || v_config
         || jsonb_build_object('config_version', left(md5(v_config::text), 16));
END
$fn$;


-- The kiosks' offline card cache: cards changed at or after p_since (all when NULL).
--
-- A card row's updated_at is the start time of the transaction that changed it.
-- "as_of" is the oldest start time of any transaction open in this database at the
-- call (or the call's time when none is), minus one second against reporting races:
-- a change that commits later belongs to a transaction that started at or after
-- as_of, so passing as_of back as p_since never misses it. The price is that a few
-- cards come back twice. If this function's owner cannot see other sessions in
-- pg_stat_activity (it needs pg_read_all_stats), as_of steps back ten minutes instead.
CREATE FUNCTION sp_cards_changed_since(p_device_id text, p_since timestamptz)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_oldest timestamptz;
  v_blind  boolean;
  v_as_of  timestamptz;
BEGIN
  IF NOT is_slug(p_device_id) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_device_id is missing or malformed');
  END IF;
  PERFORM 1 FROM devices WHERE device_id = p_device_id AND enabled;
  IF NOT FOUND THEN
    RETURN kiosk_error('UNAUTHORIZED', 'device ' || p_device_id || ' is unknown or disabled');
  END IF;

  PERFORM pg_stat_clear_snapshot();
  SELECT min(a.xact_start), coalesce(bool_or(a.state IS NULL), false)
    INTO v_oldest, v_blind
    FROM pg_stat_activity a
   WHERE a.datname = current_database()
     AND a.pid <> pg_backend_pid()
     AND a.backend_type = 'client backend';
  v_as_of := least(clock_timestamp(), v_oldest) - interval '1 second';
  IF v_blind THEN
    v_as_of := v_as_of - interval '10 minutes';
  END IF;

  RETURN jsonb_build_object(
    'success', true, 'as_of', v_as_of,
    'cards', coalesce((
      SELECT jsonb_agg(jsonb_build_object('card_uid', card_uid, 'status', status,
                                          'balance_cents', balance_cents,
                                          'overdraft', overdraft_flagged_at IS NOT NULL,
                                          'updated_at', updated_at)
                       ORDER BY card_uid)
        FROM cards
       WHERE p_since IS NULL OR updated_at >= p_since), '[]'::jsonb));
END
$fn$;


-- Batch upload of a kiosk's scan log, idempotent by scan_id. Valid scans are stored
-- (a scan_id seen before counts as a duplicate); invalid ones are counted in
-- "rejected" with their positions in "rejected_indexes" (0-based, first 100), so one
-- corrupt row cannot block a kiosk's upload forever.
CREATE FUNCTION sp_log_nfc_scans(p_device_id text, p_scans jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_valid    integer;
  v_inserted integer;
  v_rejected integer[];
BEGIN
  IF NOT is_slug(p_device_id) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_device_id is missing or malformed');
  END IF;
  IF NOT (CASE WHEN jsonb_typeof(p_scans) = 'array'
               THEN jsonb_array_length(p_scans) <= 1000 AND pg_column_size(p_scans) <= 2000000
               ELSE false END) THEN
    RETURN kiosk_error('INVALID_REQUEST', 'p_scans must be a JSON array of at most 1000 scans');
  END IF;
  PERFORM 1 FROM devices WHERE device_id = p_device_id AND enabled;
  IF NOT FOUND THEN
    RETURN kiosk_error('UNAUTHORIZED', 'device ' || p_device_id || ' is unknown or disabled');
  END IF;

  WITH parsed AS (
    SELECT e.idx - 1 AS idx,
           jsonb_typeof(e.scan) = 'object' AS is_object,
           CASE WHEN jsonb_typeof(e.scan -> 'scan_id') = 'string'
                     AND e.scan ->> 'scan_id'
                         ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
                THEN (e.scan ->> 'scan_id')::uuid END AS scan_id,
           -- absent or null: a failed read; otherwise a well-formed uid
           CASE WHEN e.scan -> 'card_uid' IS NULL OR jsonb_typeof(e.scan -> 'card_uid') = 'null'
                THEN true
                WHEN jsonb_typeof(e.scan -> 'card_uid') = 'string'
                THEN is_card_uid(e.scan ->> 'card_uid')
                ELSE false END AS card_uid_ok,
           CASE WHEN jsonb_typeof(e.scan -> 'card_uid') = 'string'
                THEN e.scan ->> 'card_uid' END AS card_uid,
           CASE WHEN jsonb_typeof(e.scan -> 'status') = 'string'
                     AND e.scan ->> 'status' ~ '^[a-z][a-z_]{0,31}$'
                THEN e.scan ->> 'status' END AS status,
           CASE WHEN jsonb_typeof(e.scan -> 'scanned_at') = 'string'
                THEN try_iso_timestamptz(left(e.scan ->> 'scanned_at', 64)) END AS scanned_at,
           CASE WHEN e.scan -> 'context' IS NULL OR jsonb_typeof(e.scan -> 'context') = 'null'
                THEN '{}'::jsonb
                WHEN jsonb_typeof(e.scan -> 'context') = 'object'
                     AND pg_column_size(e.scan -> 'context') <= 4096
                THEN e.scan -> 'context' END AS context
      FROM jsonb_array_elements(p_scans) WITH ORDINALITY AS e(scan, idx)
  ), checked AS (
    SELECT *, coalesce(is_object AND scan_id IS NOT NULL AND card_uid_ok AND status IS NOT NULL
                       AND isfinite(scanned_at) AND context IS NOT NULL, false) AS ok
      FROM parsed
  ), inserted AS (
    INSERT INTO nfc_scans (scan_id, device_id, card_uid, status, scanned_at, context)
    SELECT scan_id, p_device_id, card_uid, status, scanned_at, context
      FROM checked WHERE ok ORDER BY idx
    ON CONFLICT (scan_id) DO NOTHING
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM checked WHERE ok),
         (SELECT count(*) FROM inserted),
         (SELECT array_agg(idx ORDER BY idx) FROM checked WHERE NOT ok)
    INTO v_valid, v_inserted, v_rejected;

  RETURN jsonb_build_object(
    'success', true, 'inserted', v_inserted, 'duplicates', v_valid - v_inserted,
    'rejected', coalesce(cardinality(v_rejected), 0),
    'rejected_indexes', to_jsonb(coalesce(v_rejected[1:100], '{}')));
END
$fn$;


-- Maintenance (festival-admin, not kiosks): delete idempotency records older than
-- p_older_than. Offline replays can arrive days after the sale, so records must
-- outlive the event: ages under 30 days are refused, and so is any purge before
-- the event's end. Orders and recharges keep their unique request ids, so even a
-- purged id can never be charged twice (a late replay then fails loudly instead).
CREATE FUNCTION sp_purge_idempotency_records(p_older_than interval)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_ends    timestamptz;
  v_cutoff  timestamptz;
  v_deleted integer;
BEGIN
  IF p_older_than IS NULL OR p_older_than < interval '30 days'
     OR p_older_than > interval '100 years' THEN
    RETURN kiosk_error('INVALID_REQUEST', 'idempotency records are kept at least 30 days');
  END IF;
  SELECT ends_at INTO v_ends FROM event_settings;
  IF v_ends IS NOT NULL AND now() < v_ends THEN
    RETURN kiosk_error('INVALID_REQUEST',
      'the event ends at ' || v_ends || '; idempotency records are kept until then');
  END IF;
  v_cutoff := now() - p_older_than;
  DELETE FROM idempotency_records WHERE created_at < v_cutoff;
  GET DIAGNOSTICS v_deleted = ROW_COUNT;
  RETURN jsonb_build_object('success', true, 'deleted', v_deleted, 'cutoff', v_cutoff);
END
$fn$;
