-- Cash shifts (issue 12, DESIGN "Cash shifts"): a cashier's drawer on a checkpoint device,
-- from the counted opening float to the counted close-out; the supervisors' moves between a
-- drawer and the safe; the shift each checkpoint recharge belongs to; the event's tolerance
-- for a cash difference before `festival-admin review` lists it.
-- depends: 0008_operations 0009_attendee_money
--
-- The functions (sp_open_cash_shift, sp_close_cash_shift, sp_move_cash and the helpers)
-- live in sql/functions/; docs/decisions/021-cash-shifts.md explains the choices.

-- the shift calls are idempotent like money calls: their outcomes live in idempotency_records
-- (one statement: PostgreSQL refuses the savepoint yoyo takes between two ALTER DOMAINs)
DO $domain$
BEGIN
  ALTER DOMAIN request_operation DROP CONSTRAINT request_operation_check;
  ALTER DOMAIN request_operation ADD CONSTRAINT request_operation_check
    CHECK (VALUE IN ('bar_order', 'checkpoint_recharge', 'stripe_recharge', 'tombstone',
                     'open_cash_shift', 'close_cash_shift', 'move_cash'));
END
$domain$;

ALTER TABLE event_settings
  ADD COLUMN cash_difference_tolerance_cents bigint NOT NULL DEFAULT 0
             CHECK (cash_difference_tolerance_cents BETWEEN 0 AND 10000000);

-- One shift: its id is the client_request_id of the sp_open_cash_shift call (an offline kiosk
-- knows it before the server answers). The figures at close are kept as they were answered;
-- a recharge replayed (or voided) after the close still attaches to the shift: the live
-- figures come from cash_shift_figures(), and cash_shift_adjusted_at() says since when they
-- differ from the close's.
CREATE TABLE cash_shifts (
  shift_id            uuid        PRIMARY KEY,
  device_id           text COLLATE "C" NOT NULL REFERENCES devices,
  staff_id            text COLLATE "C" NOT NULL REFERENCES staff,
  opening_float_cents bigint      NOT NULL CHECK (opening_float_cents BETWEEN 0 AND 10000000),
  opened_at           timestamptz NOT NULL,
  open_offline        boolean     NOT NULL,
  open_verified       boolean     NOT NULL,
  open_received_at    timestamptz NOT NULL DEFAULT now(),
  -- the close-out
  close_request_id    uuid        UNIQUE,
  closed_at           timestamptz,
  closed_by           text COLLATE "C" REFERENCES staff,
  close_reason        text        CHECK (length(close_reason) BETWEEN 1 AND 500),
  close_offline       boolean,
  close_verified      boolean,
  close_received_at   timestamptz,
  counted             jsonb       CHECK (jsonb_typeof(counted) = 'object'),
  counted_cash_cents  bigint      CHECK (counted_cash_cents BETWEEN 0 AND 10000000),
  expected_at_close_cents   bigint,
  difference_at_close_cents bigint,
  CONSTRAINT cash_shifts_close_complete CHECK (
    (closed_at IS NULL) = (close_request_id IS NULL)
    AND (closed_at IS NULL) = (closed_by IS NULL)
    AND (closed_at IS NULL) = (counted IS NULL)
    AND (closed_at IS NULL) = (counted_cash_cents IS NULL)
    AND (closed_at IS NULL) = (expected_at_close_cents IS NULL)
    AND (closed_at IS NULL) = (close_verified IS NULL)
    AND (closed_at IS NULL) = (close_offline IS NULL)
    AND (closed_at IS NULL OR closed_at >= opened_at)
    AND (closed_at IS NULL OR difference_at_close_cents = counted_cash_cents - expected_at_close_cents))
);
-- one open shift per cashier and device
CREATE UNIQUE INDEX cash_shifts_one_open ON cash_shifts (device_id, staff_id) WHERE closed_at IS NULL;
CREATE INDEX cash_shifts_staff_device_idx ON cash_shifts (device_id, staff_id, opened_at);

-- Cash a supervisor moved between a shift's drawer and the safe.
CREATE TABLE cash_moves (
  move_id           bigserial   PRIMARY KEY,
  client_request_id uuid        NOT NULL UNIQUE,
  shift_id          uuid        NOT NULL REFERENCES cash_shifts,
  direction         text        NOT NULL CHECK (direction IN ('to_safe', 'from_safe')),
  amount_cents      bigint      NOT NULL CHECK (amount_cents BETWEEN 1 AND 10000000),
  device_id         text COLLATE "C" NOT NULL REFERENCES devices,
  staff_id          text COLLATE "C" NOT NULL REFERENCES staff,
  staff_verified    boolean     NOT NULL,
  reason            text        CHECK (length(reason) BETWEEN 1 AND 500),
  moved_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cash_moves_shift_idx ON cash_moves (shift_id);

-- The shift a checkpoint recharge belongs to (cash: the drawer; card: reported per shift).
-- NULL for Stripe recharges and for an offline replay no shift of its cashier was open for.
ALTER TABLE recharges ADD COLUMN shift_id uuid REFERENCES cash_shifts;
CREATE INDEX recharges_shift_idx ON recharges (shift_id) WHERE shift_id IS NOT NULL;
CREATE INDEX recharges_shiftless_cash_idx ON recharges (captured_at)
  WHERE shift_id IS NULL AND payment_method = 'cash';

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
