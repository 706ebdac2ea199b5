CREATE OR REPLACE FUNCTION sp_cards_changed_since(p_device_id text, p_since timestamptz)
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
