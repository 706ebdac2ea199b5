-- The kiosks' offline card cache: cards changed at or after p_since (all when NULL). A
-- change is a ledger entry (every balance change has one), a status change or a new card;
-- each of those is indexed by its time (schema 0007), so a refresh reads only what changed.
--
-- A card row's updated_at is the start time of the transaction that changed it.
-- "as_of" is the oldest start time of any transaction open in this database at the
-- call (or the call's time when none is), minus one second against reporting races:
-- a change that commits later belongs to a transaction that started at or after
-- as_of, so passing as_of back as p_since never misses it. The price is that a few
-- cards come back twice. If this function's owner cannot see other sessions in
-- pg_stat_activity (it needs pg_read_all_stats), as_of steps back ten minutes instead.
CREATE OR REPLACE FUNCTION sp_cards_changed_since(p_device_id text, p_since timestamptz)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_error  jsonb;
  v_oldest timestamptz;
  v_blind  boolean;
  v_as_of  timestamptz;
BEGIN
  v_error := device_call_error(p_device_id);
  IF v_error IS NOT NULL THEN
    RETURN v_error;
  END IF;
  PERFORM note_device_seen(p_device_id);

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
       WHERE p_since IS NULL), '[]'::jsonb)
      || coalesce((
      -- since a time: the cards whose balance (ledger), status or existence changed since
      -- then, each found through its own index instead of a scan of every card
      SELECT jsonb_agg(jsonb_build_object('card_uid', c.card_uid, 'status', c.status,
                                          'balance_cents', c.balance_cents,
                                          'overdraft', c.overdraft_flagged_at IS NOT NULL,
                                          'updated_at', c.updated_at)
                       ORDER BY c.card_uid)
        FROM cards c
       WHERE p_since IS NOT NULL
         AND c.card_uid IN (SELECT l.card_uid FROM ledger l WHERE l.received_at >= p_since
                            UNION SELECT s.card_uid FROM card_status_changes s WHERE s.changed_at >= p_since
                            UNION SELECT n.card_uid FROM cards n WHERE n.created_at >= p_since)),
      '[]'::jsonb));
END
$fn$;
