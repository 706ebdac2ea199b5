-- The gateway's token check (festival-server): the device whose bearer token has this
-- SHA-256 (lowercase hex), or NULL when the token is unknown, revoked, disabled or not a
-- gateway credential. Executable by `gateway` only; the server never reads `devices` itself.
CREATE OR REPLACE FUNCTION sp_gateway_device(p_token_sha256 text)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
  SELECT d.device_id::text
    FROM devices d
   WHERE p_token_sha256 ~ '^[0-9a-f]{64}$'
     AND d.token_sha256 = p_token_sha256
     AND d.credential_kind = 'gateway'
     AND d.enabled
     AND d.revoked_at IS NULL
$fn$;

REVOKE ALL ON FUNCTION sp_gateway_device(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sp_gateway_device(text) TO gateway;
