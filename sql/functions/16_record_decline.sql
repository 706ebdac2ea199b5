CREATE OR REPLACE FUNCTION record_decline(p_client_request_id uuid, p_operation text, p_fingerprint uuid,
                               p_card_uid text, p_response jsonb)
RETURNS jsonb LANGUAGE sql AS $fn$
  WITH recorded AS (
    INSERT INTO idempotency_records (client_request_id, operation, fingerprint, response,
                                     succeeded, card_uid)
    VALUES (p_client_request_id, p_operation, p_fingerprint,
            p_response || jsonb_build_object('client_request_id', p_client_request_id,
                                             'replayed', false),
            false, p_card_uid)
    ON CONFLICT (client_request_id) DO NOTHING
    RETURNING response
  )
  SELECT coalesce(
    (SELECT response FROM recorded),
    (SELECT idempotent_answer(p_operation, p_fingerprint, p_client_request_id, r.operation,
                              r.fingerprint, r.response, r.voided)
       FROM idempotency_records r WHERE r.client_request_id = p_client_request_id))
$fn$;
