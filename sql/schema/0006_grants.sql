-- Who may call what. PUBLIC executes nothing; `kiosk` executes the kiosk-facing
-- contract functions and reads or writes no table; `payments` executes only
-- sp_process_stripe_recharge; the maintenance purge is for the owner (festival-admin).

REVOKE ALL ON FUNCTION
  sp_process_bar_order(uuid, text, jsonb, bigint, text, text, text, timestamptz, boolean),
  sp_process_checkpoint_recharge(uuid, text, bigint, text, text, text, text, timestamptz, boolean),
  sp_process_stripe_recharge(text, text, bigint, jsonb),
  sp_void_request(uuid, text, text, text),
  sp_set_card_status(text, text, text, text, text),
  sp_card_status(text),
  sp_device_config(text),
  sp_cards_changed_since(text, timestamptz),
  sp_log_nfc_scans(text, jsonb),
  sp_purge_idempotency_records(interval)
FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
  sp_process_bar_order(uuid, text, jsonb, bigint, text, text, text, timestamptz, boolean),
  sp_process_checkpoint_recharge(uuid, text, bigint, text, text, text, text, timestamptz, boolean),
  sp_void_request(uuid, text, text, text),
  sp_set_card_status(text, text, text, text, text),
  sp_card_status(text),
  sp_device_config(text),
  sp_cards_changed_since(text, timestamptz),
  sp_log_nfc_scans(text, jsonb)
TO kiosk;

GRANT EXECUTE ON FUNCTION sp_process_stripe_recharge(text, text, bigint, jsonb) TO payments;

-- sp_cards_changed_since reads other sessions' transaction start times in
-- pg_stat_activity; without pg_read_all_stats it falls back to a wider margin.
DO $stats$
BEGIN
  IF NOT pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') THEN
    BEGIN
      EXECUTE format('GRANT pg_read_all_stats TO %I', current_user);
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'could not grant pg_read_all_stats to %: sp_cards_changed_since will '
                    'use a ten-minute safety margin', current_user;
    END;
  END IF;
END
$stats$;
