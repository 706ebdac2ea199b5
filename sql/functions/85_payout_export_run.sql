-- `festival-admin payouts export` (owner only): a numbered payout run of every pending
-- payout request, each with its card's balance now. A donated balance joins the run as a
-- donation (no transfer); a zero balance joins with nothing to transfer; a card below zero
-- (an offline overdraft) is left pending and reported. The caller writes the SEPA file from
-- the answer in the same transaction and records its digest (payout_run_set_file).
CREATE OR REPLACE FUNCTION payout_export_run(p_debtor_name text, p_debtor_iban text,
                                             p_debtor_bic text)
RETURNS jsonb
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_run_id   bigint;
  v_payouts  jsonb;
  v_skipped  jsonb;
BEGIN
  -- one export at a time: a second waits and then finds nothing left pending
  PERFORM pg_advisory_xact_lock(hashtext('festival:payout_export'));
  CREATE TEMP TABLE payout_export_rows ON COMMIT DROP AS
  SELECT pr.request_id, pr.card_uid, pr.name, pr.iban, pr.donate, pr.client_request_id,
         c.balance_cents
    FROM payout_requests pr JOIN cards c USING (card_uid)
   WHERE pr.status = 'pending'
   ORDER BY pr.request_id
     FOR UPDATE OF pr, c;

  SELECT coalesce(jsonb_agg(jsonb_build_object('card_uid', card_uid, 'balance_cents', balance_cents,
                                               'reason', 'the card is below zero')
                            ORDER BY request_id), '[]')
    INTO v_skipped FROM payout_export_rows WHERE balance_cents < 0;

  IF NOT EXISTS (SELECT FROM payout_export_rows WHERE balance_cents >= 0) THEN
    RETURN jsonb_build_object('run_id', NULL, 'payouts', '[]'::jsonb, 'skipped', v_skipped);
  END IF;

  INSERT INTO payout_runs (debtor_name, debtor_iban, debtor_bic, payout_count, total_cents,
                           donation_cents)
  SELECT p_debtor_name, p_debtor_iban, p_debtor_bic,
         count(*) FILTER (WHERE NOT donate AND balance_cents > 0),
         coalesce(sum(balance_cents) FILTER (WHERE NOT donate), 0),
         coalesce(sum(balance_cents) FILTER (WHERE donate), 0)
    FROM payout_export_rows WHERE balance_cents >= 0
  RETURNING run_id INTO v_run_id;

  UPDATE payout_requests pr
     SET status = 'exported', run_id = v_run_id, exported_cents = x.balance_cents
    FROM payout_export_rows x
   WHERE pr.request_id = x.request_id AND x.balance_cents >= 0;

  SELECT jsonb_agg(jsonb_build_object('request_id', request_id, 'card_uid', card_uid,
                                      'name', name, 'iban', iban, 'donate', donate,
                                      'amount_cents', balance_cents,
                                      'end_to_end_id', replace(client_request_id::text, '-', ''))
                   ORDER BY request_id)
    INTO v_payouts FROM payout_export_rows WHERE balance_cents >= 0;
  RETURN jsonb_build_object('run_id', v_run_id, 'payouts', v_payouts, 'skipped', v_skipped);
END
$fn$;

CREATE OR REPLACE FUNCTION payout_run_set_file(p_run_id bigint, p_sha256 text)
RETURNS void LANGUAGE sql SET search_path = public, pg_temp AS $fn$
  UPDATE payout_runs SET file_sha256 = p_sha256 WHERE run_id = p_run_id
$fn$;
