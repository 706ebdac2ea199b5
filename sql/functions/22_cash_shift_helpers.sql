-- Helpers of the cash-shift functions (DESIGN "Cash shifts"): the notes and coins of a
-- currency (one definition, read by sp_device_config and by the close-out's count check),
-- who may make a cash-shift call,
-- the cap on any drawer amount, the lock that serialises one cashier's shifts on one device,
-- and a shift's figures computed from its rows.

-- The denominations of a currency in its minor unit, largest first; NULL for a currency not
-- listed here (the close-out then accepts any positive denomination).
CREATE OR REPLACE FUNCTION cash_denominations(p_currency text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT d.denominations
    FROM (VALUES
      ('EUR', ARRAY[50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1]::bigint[]),
      ('CHF', ARRAY[100000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5]::bigint[]),
      ('GBP', ARRAY[5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1]::bigint[]),
      ('USD', ARRAY[10000, 5000, 2000, 1000, 500, 200, 100, 50, 25, 10, 5, 1]::bigint[]),
      ('DKK', ARRAY[100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50]::bigint[]),
      ('SEK', ARRAY[100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100]::bigint[]),
      ('NOK', ARRAY[100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 100]::bigint[]),
      ('CZK', ARRAY[500000, 200000, 100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100]::bigint[]),
      ('PLN', ARRAY[50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1]::bigint[])
    ) AS d(currency, denominations)
   WHERE d.currency = p_currency
$fn$;

-- The largest amount a drawer, a float, a count or a cash move may be (an absurd number is
-- refused as AMOUNT_OUT_OF_RANGE, not stored), and the largest count of one denomination.
CREATE OR REPLACE FUNCTION cash_amount_cap() RETURNS bigint
LANGUAGE sql IMMUTABLE AS $fn$ SELECT 10000000::bigint $fn$;
CREATE OR REPLACE FUNCTION cash_count_cap() RETURNS bigint
LANGUAGE sql IMMUTABLE AS $fn$ SELECT 100000::bigint $fn$;

-- Who may make a cash-shift call, as one check for the three of them: NULL when the
-- connection is this device's, the device a checkpoint and the staff member enabled and allowed
-- to run a drawer there (p_supervisor: a supervisor or admin with a verified session on it);
-- else the UNAUTHORIZED message.
CREATE OR REPLACE FUNCTION cash_drawer_caller_problem(p_device_id text, p_staff_id text,
                                                      p_supervisor boolean) RETURNS text
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  v_problem text := device_caller_problem(p_device_id);
  v_auth    record;
BEGIN
  IF v_problem IS NOT NULL THEN
    RETURN v_problem;
  END IF;
  SELECT d.role AS device_role, s.enabled AS staff_enabled, s.role AS staff_role
    INTO v_auth
    FROM (SELECT) AS one
    LEFT JOIN devices d ON d.device_id = p_device_id
    LEFT JOIN staff s ON s.staff_id = p_staff_id;
  IF v_auth.device_role IS DISTINCT FROM 'checkpoint' THEN
    RETURN 'device ' || p_device_id || ' is not a checkpoint';
  END IF;
  IF p_supervisor THEN
    IF v_auth.staff_enabled IS NOT TRUE OR v_auth.staff_role NOT IN ('supervisor', 'admin')
       OR NOT staff_session_verified(p_device_id, p_staff_id) THEN
      RETURN 'only a supervisor with a verified session on ' || p_device_id || ' may move cash';
    END IF;
  ELSIF v_auth.staff_enabled IS NOT TRUE OR NOT v_auth.staff_role = ANY (roles_for_device('checkpoint')) THEN
    RETURN 'staff ' || p_staff_id || ' may not run a cash drawer';
  END IF;
  RETURN NULL;
END
$fn$;

-- Serialises the shift calls of one cashier on one device (two concurrent opens: one shift).
CREATE OR REPLACE FUNCTION cash_shift_lock(p_device_id text, p_staff_id text) RETURNS void
LANGUAGE sql AS $fn$
  SELECT pg_advisory_xact_lock(hashtextextended('shift:' || p_device_id || ':' || p_staff_id, 7004))
$fn$;

-- A shift's figures now, from its rows: every checkpoint recharge attached to it (a voided
-- cash recharge was handed back from the drawer: it counts in cash_voided_cents) and every
-- move. expected = float + cash recharges - cash voided - moved to the safe + moved from it.
CREATE OR REPLACE FUNCTION cash_shift_figures(p_shift_id uuid)
RETURNS TABLE (opening_float_cents bigint, cash_recharges_cents bigint, card_recharges_cents bigint,
               cash_voided_cents bigint, moved_to_safe_cents bigint, moved_from_safe_cents bigint,
               expected_cash_cents bigint, cash_recharges integer, card_recharges integer)
LANGUAGE sql STABLE AS $fn$
  SELECT s.opening_float_cents, r.cash, r.card, r.cash_voided, m.to_safe, m.from_safe,
         s.opening_float_cents + r.cash - r.cash_voided - m.to_safe + m.from_safe,
         r.cash_count, r.card_count
    FROM cash_shifts s
   CROSS JOIN LATERAL (
     SELECT coalesce(sum(amount_cents) FILTER (WHERE payment_method = 'cash'), 0)::bigint AS cash,
            coalesce(sum(amount_cents) FILTER (WHERE payment_method = 'card'), 0)::bigint AS card,
            coalesce(sum(amount_cents) FILTER (WHERE payment_method = 'cash' AND voided_at IS NOT NULL),
                     0)::bigint AS cash_voided,
            (count(*) FILTER (WHERE payment_method = 'cash'))::integer AS cash_count,
            (count(*) FILTER (WHERE payment_method = 'card'))::integer AS card_count
       FROM recharges WHERE shift_id = s.shift_id) AS r
   CROSS JOIN LATERAL (
     SELECT coalesce(sum(amount_cents) FILTER (WHERE direction = 'to_safe'), 0)::bigint AS to_safe,
            coalesce(sum(amount_cents) FILTER (WHERE direction = 'from_safe'), 0)::bigint AS from_safe
       FROM cash_moves WHERE shift_id = s.shift_id) AS m
   WHERE s.shift_id = p_shift_id
$fn$;

-- The shift a checkpoint recharge by p_staff_id on p_device_id belongs to. Online: the one
-- open now. Offline: the one open at the recharge's p_captured_at (opened_at <= captured_at <
-- closed_at, or still open), possibly closed since. The row is locked (FOR SHARE): a close
-- waits for the recharge, and a recharge behind a close sees the shift closed.
CREATE OR REPLACE FUNCTION recharge_shift(p_device_id text, p_staff_id text, p_offline boolean,
                                          p_captured_at timestamptz)
RETURNS TABLE (shift_id uuid, closed boolean)
LANGUAGE sql AS $fn$
  SELECT s.shift_id, s.closed_at IS NOT NULL
    FROM cash_shifts s
   WHERE s.device_id = p_device_id AND s.staff_id = p_staff_id
     AND CASE WHEN p_offline
              THEN s.opened_at <= p_captured_at AND (s.closed_at IS NULL OR p_captured_at < s.closed_at)
              ELSE s.closed_at IS NULL END
   ORDER BY s.opened_at DESC
   LIMIT 1
     FOR SHARE
$fn$;

-- The open shift of p_staff_id on p_device_id, for sp_staff_login's answer (NULL: none).
CREATE OR REPLACE FUNCTION open_cash_shift_of(p_device_id text, p_staff_id text) RETURNS jsonb
LANGUAGE sql STABLE AS $fn$
  SELECT jsonb_build_object('shift_id', shift_id, 'opened_at', opened_at,
                            'opening_float_cents', opening_float_cents,
                            'verified', open_verified)
    FROM cash_shifts
   WHERE device_id = p_device_id AND staff_id = p_staff_id AND closed_at IS NULL
$fn$;

-- When a closed shift's figures stopped being the ones its close answered: the first
-- recharge attached to it that the server received after the close (a late offline replay)
-- or the first void after the close of a cash recharge on it. NULL: not adjusted.
CREATE OR REPLACE FUNCTION cash_shift_adjusted_at(p_shift_id uuid) RETURNS timestamptz
LANGUAGE sql STABLE AS $fn$
  SELECT least(min(r.received_at) FILTER (WHERE r.received_at > s.close_received_at),
               min(r.voided_at) FILTER (WHERE r.voided_at > s.close_received_at
                                          AND r.payment_method = 'cash'))
    FROM cash_shifts s
    JOIN recharges r ON r.shift_id = s.shift_id
   WHERE s.shift_id = p_shift_id AND s.closed_at IS NOT NULL
$fn$;
