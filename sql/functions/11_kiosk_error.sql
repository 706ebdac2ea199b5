-- The failure envelope of every contract function.
CREATE OR REPLACE FUNCTION kiosk_error(p_code text, p_message text) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT jsonb_build_object('success', false, 'error_code', p_code,
                            'message', p_message, 'retryable', false)
$fn$;
