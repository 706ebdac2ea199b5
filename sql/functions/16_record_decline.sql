-- Records a business rejection as the request's outcome and returns it; if a concurrent
-- call with the same id recorded an outcome first (it held the id's advisory lock, so it
-- has committed and this statement sees it), returns that one's answer instead. The
-- request's device is kept, so that its own device may void it later.
-- (The five-argument version before the trust model is dropped: nothing calls it.)
DROP FUNCTION IF EXISTS record_decline(uuid, text, uuid, text, jsonb);
CREATE OR REPLACE FUNCTION record_decline(p_client_request_id uuid, p_operation text, p_fingerprint uuid,
                                          p_card_uid text, p_device_id text, p_response jsonb)
RETURNS jsonb LANGUAGE sql AS $fn$
  WITH recorded AS (
    INSERT INTO idempotency_records (client_request_id, operation, fingerprint, response,
                                     succeeded, card_uid, device_id)
    VALUES (p_client_request_id, p_operation, p_fingerprint,
            p_response || jsonb_build_object('client_request_id', p_client_request_id,
                                             'replayed', false),
            false, p_card_uid, p_device_id)
    ON CONFLICT (client_request_id) DO NOTHING
    RETURNING response
  )
  SELECT coalesce(
    (SELECT response FROM recorded),
    (SELECT idempotent_answer(p_operation, p_fingerprint, p_client_request_id, r.operation,
                              r.fingerprint, r.response, r.voided)
       FROM idempotency_records r WHERE r.client_request_id = p_client_request_id))
$fn$;
