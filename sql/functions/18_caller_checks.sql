-- Who is calling (DESIGN, "Who is calling"): the helpers every kiosk function uses to learn
-- the device from the connection and the staff member's standing, never from an argument
-- alone. Plain SQL expressions, inlined into the callers; inside the SECURITY DEFINER
-- functions `current_user` is the owner and `session_user` the login that connected.

-- The database owner (festival-admin, tests) and superusers may name any device.
CREATE OR REPLACE FUNCTION trusted_caller() RETURNS boolean
LANGUAGE sql STABLE AS $fn$
  SELECT pg_has_role(session_user, current_user, 'MEMBER')
$fn$;

-- Whether this connection may act as the device whose row says `p_login_role`: the owner;
-- a member of `gateway` that set festival.device_id to this device in its transaction; or
-- the device's own login. A shared member of `kiosk` bound to no device may act as none.
CREATE OR REPLACE FUNCTION may_act_as(p_device_id text, p_login_role text) RETURNS boolean
LANGUAGE sql STABLE AS $fn$
  SELECT CASE
    WHEN pg_has_role(session_user, current_user, 'MEMBER') THEN true
    WHEN pg_has_role(session_user, 'gateway', 'MEMBER')
      THEN coalesce(current_setting('festival.device_id', true) = p_device_id, false)
    ELSE coalesce(p_login_role = session_user::text, false)
  END
$fn$;

-- The device this connection proves (NULL for the owner, who may name any, and for a login
-- bound to no device).
CREATE OR REPLACE FUNCTION connection_device() RETURNS text
LANGUAGE sql STABLE AS $fn$
  SELECT CASE
    WHEN pg_has_role(session_user, current_user, 'MEMBER') THEN NULL
    WHEN pg_has_role(session_user, 'gateway', 'MEMBER')
      THEN nullif(current_setting('festival.device_id', true), '')
    ELSE (SELECT device_id FROM devices WHERE login_role = session_user::text)
  END
$fn$;

-- NULL when this connection may act as the enabled device p_device_id, else the
-- UNAUTHORIZED message (one message for "not yours" and "bound to no device").
CREATE OR REPLACE FUNCTION device_caller_problem(p_device_id text) RETURNS text
LANGUAGE sql STABLE AS $fn$
  SELECT CASE
    WHEN d.enabled IS NOT TRUE THEN 'device ' || p_device_id || ' is unknown or disabled'
    WHEN NOT may_act_as(p_device_id, d.login_role)
      THEN 'this connection does not belong to device ' || p_device_id
  END
    FROM (SELECT) AS one
    LEFT JOIN devices d ON d.device_id = p_device_id
$fn$;

-- Whether p_staff_id, enabled, has an open session on p_device_id that the server verified
-- (sp_staff_login) and that has not expired.
CREATE OR REPLACE FUNCTION staff_session_verified(p_device_id text, p_staff_id text) RETURNS boolean
LANGUAGE sql STABLE AS $fn$
  SELECT EXISTS (
    SELECT FROM staff_sessions ss JOIN staff s ON s.staff_id = ss.staff_id
     WHERE ss.device_id = p_device_id AND ss.ended_at IS NULL AND ss.staff_id = p_staff_id
       AND ss.expires_at > now() AND s.enabled)
$fn$;

-- The roles that may work on a device of this role (DESIGN, sp_device_config "staff").
CREATE OR REPLACE FUNCTION roles_for_device(p_device_role text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE p_device_role WHEN 'bar' THEN ARRAY['bar', 'supervisor', 'admin']
                            WHEN 'checkpoint' THEN ARRAY['cashier', 'supervisor', 'admin']
                            ELSE ARRAY[]::text[] END
$fn$;

-- The offline amounts (debits and credits alike, accepted ones) a device submitted within
-- the last hour of the server's clock. Call it under offline_device_lock.
CREATE OR REPLACE FUNCTION offline_amount_last_hour(p_device_id text) RETURNS bigint
LANGUAGE sql STABLE AS $fn$
  SELECT coalesce(sum(abs(amount_cents)), 0)::bigint
    FROM ledger
   WHERE device_id = p_device_id AND offline AND received_at > now() - interval '1 hour'
$fn$;

-- Serialises one device's offline requests, so that two of them cannot both pass the hourly limit.
CREATE OR REPLACE FUNCTION offline_device_lock(p_device_id text) RETURNS void
LANGUAGE sql AS $fn$
  SELECT pg_advisory_xact_lock(hashtextextended('offline:' || p_device_id, 7002))
$fn$;

-- The answer to an offline claim beyond the event's limits (recorded as the request's outcome).
CREATE OR REPLACE FUNCTION offline_limit_error(p_message text, p_details jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT kiosk_error('OFFLINE_LIMIT_EXCEEDED', p_message) || p_details
$fn$;
