-- For `festival-admin review` (owner only): the paid Stripe sessions that credited nothing
-- and are not resolved yet, oldest first; and a way to mark one resolved once a person has
-- refunded (or otherwise settled) it.
CREATE OR REPLACE FUNCTION review_stripe_problems()
RETURNS jsonb LANGUAGE sql STABLE SET search_path = public, pg_temp AS $fn$
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'problem_id', problem_id, 'stripe_session_id', stripe_session_id,
           'card_uid', card_uid, 'amount_cents', amount_cents,
           'currency', metadata ->> 'currency', 'error_code', error_code,
           'message', message, 'created_at', created_at) ORDER BY created_at, problem_id), '[]')
    FROM stripe_problems WHERE resolved_at IS NULL
$fn$;

CREATE OR REPLACE FUNCTION resolve_stripe_problem(p_problem_id bigint, p_resolution text)
RETURNS boolean LANGUAGE sql SET search_path = public, pg_temp AS $fn$
  WITH resolved AS (
    UPDATE stripe_problems SET resolved_at = now(), resolution = p_resolution
     WHERE problem_id = p_problem_id AND resolved_at IS NULL
    RETURNING 1)
  SELECT EXISTS (SELECT FROM resolved)
$fn$;
