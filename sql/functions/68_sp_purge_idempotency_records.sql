-- Maintenance (festival-admin, not kiosks): delete idempotency records older than
-- p_older_than. Offline replays can arrive days after the sale, so records must
-- outlive the event: ages under 30 days are refused, and so is any purge before
-- the event's end. A purged id is still answered as it was, never executed again.
CREATE OR REPLACE FUNCTION sp_purge_idempotency_records(p_older_than interval)
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
  -- only what can be answered without the record: a successful order or recharge is rebuilt
  -- from its row and ledger entry (purged_order_answer, purged_recharge_answer); declines and
  -- tombstones have nothing else to answer from, so they stay
  DELETE FROM idempotency_records
   WHERE created_at < v_cutoff AND succeeded
     AND operation IN ('bar_order', 'checkpoint_recharge', 'stripe_recharge');
  GET DIAGNOSTICS v_deleted = ROW_COUNT;
  RETURN jsonb_build_object('success', true, 'deleted', v_deleted, 'cutoff', v_cutoff);
END
$fn$;
