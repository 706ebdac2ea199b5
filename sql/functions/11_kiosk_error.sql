-- The envelopes of the contract functions' answers: a failure, an id used again with another
-- payload, and the fields of every completed money call.

-- The failure envelope of every contract function.
CREATE OR REPLACE FUNCTION kiosk_error(p_code text, p_message text) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT jsonb_build_object('success', false, 'error_code', p_code,
                            'message', p_message, 'retryable', false)
$fn$;

-- The answer to a request id already used with a different payload (nothing changed).
CREATE OR REPLACE FUNCTION idempotency_conflict(p_client_request_id uuid) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT kiosk_error('IDEMPOTENCY_CONFLICT',
                     'this client_request_id was already used with a different payload; nothing changed')
         || jsonb_build_object('client_request_id', p_client_request_id)
$fn$;

-- The fields every answer of a completed money call has: the request, its ledger entry and
-- the card's balances before and after (a call adds its own fields to it).
CREATE OR REPLACE FUNCTION money_answer(p_client_request_id uuid, p_entry_id bigint, p_card_uid text,
                                        p_previous_cents bigint, p_new_cents bigint,
                                        p_replayed boolean) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT jsonb_build_object(
    'success', true, 'status', 'completed', 'client_request_id', p_client_request_id,
    'transaction_id', p_entry_id, 'card_uid', p_card_uid, 'previous_balance_cents', p_previous_cents,
    'new_balance_cents', p_new_cents, 'replayed', p_replayed)
$fn$;
