-- `festival-admin payouts mark-paid RUN_ID` (owner only): the bank has paid the run. Each
-- exported request whose card still holds the balance the file paid gets one `payout`
-- ledger row bringing the card to zero (a donation likewise: the money stays with the
-- organiser) and is marked paid. A card whose balance changed after the export (a late
-- offline replay, a void) is reported and left exported until a person decides. Safe to run
-- twice: paid requests are not booked again.
CREATE OR REPLACE FUNCTION payout_mark_paid(p_run_id bigint)
RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_row      record;
  v_entry    bigint;
  v_paid     jsonb := '[]';
  v_held     jsonb := '[]';
  v_already  integer := 0;
BEGIN
  IF NOT EXISTS (SELECT FROM payout_runs WHERE run_id = p_run_id) THEN
    RETURN jsonb_build_object('success', false, 'message', 'no payout run ' || coalesce(p_run_id::text, 'NULL'));
  END IF;
  SELECT count(*) INTO v_already FROM payout_requests WHERE run_id = p_run_id AND status = 'paid';
  FOR v_row IN
    SELECT pr.request_id, pr.card_uid, pr.donate, pr.exported_cents, pr.client_request_id,
           c.balance_cents
      FROM payout_requests pr JOIN cards c USING (card_uid)
     WHERE pr.run_id = p_run_id AND pr.status = 'exported'
     ORDER BY pr.request_id
       FOR UPDATE OF pr, c
  LOOP
    IF v_row.balance_cents <> v_row.exported_cents THEN
      v_held := v_held || jsonb_build_object('card_uid', v_row.card_uid,
                                             'exported_cents', v_row.exported_cents,
                                             'balance_cents', v_row.balance_cents);
      CONTINUE;
    END IF;
    v_entry := NULL;
    IF v_row.balance_cents <> 0 THEN
      UPDATE cards SET balance_cents = 0, updated_at = now() WHERE card_uid = v_row.card_uid;
      INSERT INTO ledger (card_uid, kind, amount_cents, previous_balance_cents, new_balance_cents,
                          client_request_id, captured_at)
      VALUES (v_row.card_uid, 'payout', -v_row.balance_cents, v_row.balance_cents, 0,
              v_row.client_request_id, now())
      RETURNING entry_id INTO v_entry;
    END IF;
    UPDATE payout_requests SET status = 'paid', paid_at = now(), ledger_entry_id = v_entry
     WHERE request_id = v_row.request_id;
    v_paid := v_paid || jsonb_build_object('card_uid', v_row.card_uid,
                                           'amount_cents', v_row.exported_cents,
                                           'donate', v_row.donate);
  END LOOP;
  UPDATE payout_runs SET marked_paid_at = now()
   WHERE run_id = p_run_id AND marked_paid_at IS NULL
     AND NOT EXISTS (SELECT FROM payout_requests WHERE run_id = p_run_id AND status <> 'paid');
  RETURN jsonb_build_object('success', true, 'run_id', p_run_id, 'paid', v_paid, 'held', v_held,
                            'already_paid', v_already);
END
$fn$;
