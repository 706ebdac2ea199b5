-- Who may call what, applied after every function file. PUBLIC executes nothing; `kiosk`
-- executes the kiosk functions and reads or writes no table; `gateway` (a member of
-- `kiosk`) also resolves bearer tokens; `payments` executes only what the webhook and the
-- portal need. Everything else (helpers, maintenance) is for the owner.
DO $grants$
DECLARE
  v_fn regprocedure;
BEGIN
  FOR v_fn IN
    SELECT p.oid::regprocedure FROM pg_proc p
     WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
       AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', v_fn);
  END LOOP;
END
$grants$;

GRANT EXECUTE ON FUNCTION
  sp_process_bar_order(uuid, text, jsonb, bigint, text, text, text, timestamptz, boolean),
  sp_process_checkpoint_recharge(uuid, text, bigint, text, text, text, text, timestamptz, boolean),
  sp_void_request(uuid, text, text, text),
  sp_set_card_status(text, text, text, text, text),
  sp_card_status(text),
  sp_device_config(text),
  sp_cards_changed_since(text, timestamptz),
  sp_log_nfc_scans(text, jsonb),
  sp_staff_login(text, text, text),
  sp_staff_logout(text, uuid)
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
