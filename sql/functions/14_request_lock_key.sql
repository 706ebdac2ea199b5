-- Advisory-lock key serialising all work on one request id (any operation).
CREATE OR REPLACE FUNCTION request_lock_key(p_client_request_id uuid) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT hashtextextended(p_client_request_id::text, 7001)
$fn$;
