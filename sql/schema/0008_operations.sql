-- Event operations from the command line (festival-admin event/staff/cards/report/review):
-- deactivation instead of deletion, staff who have no PIN yet, card status changes made by an
-- operator instead of a kiosk, card balance transfers (a lost card), device heartbeats.
-- depends: 0007_trust

-- `event apply` deactivates what the file no longer lists; past orders keep their rows.
ALTER TABLE points_of_sale ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE checkpoints    ADD COLUMN active boolean NOT NULL DEFAULT true;

-- A person added by an event file has no PIN until `festival-admin staff set-pin`: the row
-- holds the bcrypt hash of a random secret nobody knows, and pin_set says so.
ALTER TABLE staff ADD COLUMN pin_set boolean NOT NULL DEFAULT true;

-- A status change is made either on a kiosk (its device and supervisor) or by an operator
-- from festival-admin (the operator's name: the database login and the system user).
ALTER TABLE card_status_changes
  ALTER COLUMN device_id DROP NOT NULL,
  ALTER COLUMN staff_id DROP NOT NULL,
  ADD COLUMN operator text CHECK (length(operator) BETWEEN 1 AND 200),
  ADD CONSTRAINT card_status_changes_who CHECK (
    (device_id IS NOT NULL AND staff_id IS NOT NULL) OR operator IS NOT NULL);

-- A lost card's balance moved to a new card: one 'transfer' ledger row on each card.
-- (one statement: PostgreSQL refuses the savepoint yoyo takes between two ALTER DOMAINs)
DO $domain$
BEGIN
  ALTER DOMAIN ledger_kind DROP CONSTRAINT ledger_kind_check;
  ALTER DOMAIN ledger_kind ADD CONSTRAINT ledger_kind_check
    CHECK (VALUE IN ('initial', 'order', 'recharge', 'void', 'transfer'));
END
$domain$;

-- One transfer per lost card, ever: running the command again finds it and changes nothing.
CREATE TABLE card_transfers (
  transfer_id       bigserial   PRIMARY KEY,
  -- the ledger rows' request id (their guard wants one)
  client_request_id uuid        NOT NULL UNIQUE,
  old_card_uid      text COLLATE "C" NOT NULL UNIQUE REFERENCES cards,
  new_card_uid      text COLLATE "C" NOT NULL REFERENCES cards,
  amount_cents      bigint      NOT NULL CHECK (amount_cents >= 0),
  reason            text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  operator          text        NOT NULL CHECK (length(operator) BETWEEN 1 AND 200),
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (old_card_uid <> new_card_uid)
);
CREATE INDEX card_transfers_new_idx ON card_transfers (new_card_uid);

-- The last heartbeat of each device (sp_device_heartbeat), for `devices list`, the report
-- and the review.
CREATE TABLE device_heartbeats (
  device_id         text COLLATE "C" PRIMARY KEY REFERENCES devices,
  received_at       timestamptz NOT NULL DEFAULT now(),
  app_version       text        CHECK (length(app_version) <= 64),
  outbox_pending    integer     CHECK (outbox_pending BETWEEN 0 AND 100000000),
  oldest_pending_at timestamptz,
  conflicts         integer     CHECK (conflicts BETWEEN 0 AND 100000000),
  reader_state      text        CHECK (length(reader_state) <= 64),
  staff_id          text        CHECK (length(staff_id) <= 64),
  status            jsonb       NOT NULL CHECK (jsonb_typeof(status) = 'object')
);

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
