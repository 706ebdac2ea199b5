-- Records a Stripe session that credited nothing for `festival-admin review` (the attendee
-- paid: a person must refund them) and returns the session's answer unchanged. One row per
-- session: a redelivered event finds it and adds nothing. Called by
-- sp_process_stripe_recharge under the session's advisory lock (owner only).
CREATE OR REPLACE FUNCTION record_stripe_problem(p_stripe_session_id text, p_card_uid text,
                                                 p_amount_cents bigint, p_metadata jsonb,
                                                 p_response jsonb)
RETURNS jsonb LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
  IF coalesce((p_response ->> 'success')::boolean, false) = false
     AND coalesce((p_response ->> 'replayed')::boolean, false) = false THEN
    INSERT INTO stripe_problems (stripe_session_id, client_request_id, card_uid, amount_cents,
                                 error_code, message, metadata)
    VALUES (p_stripe_session_id, md5('stripe:' || p_stripe_session_id)::uuid,
            nullif(left(p_card_uid, 64), ''), p_amount_cents,
            coalesce(p_response ->> 'error_code', 'UNKNOWN'),
            coalesce(p_response ->> 'message', ''), coalesce(p_metadata, '{}'))
    ON CONFLICT (stripe_session_id) DO NOTHING;
  END IF;
  RETURN p_response;
END
$fn$;
