-- The festival's tables. Money is integer cents (bigint). Identifiers chosen by
-- people (devices, staff, products, points of sale, checkpoints) are short
-- text slugs; card UIDs are uppercase hex without separators (4, 7 or 10 bytes).
-- The constraints here guard the money even against a buggy function.
--
-- Performance note: PostgreSQL re-reads and re-plans every table CHECK constraint each
-- time a statement writes the table, and checks all of them on every UPDATE of the row.
-- The tables written by every sale (cards, orders, ledger, idempotency_records)
-- therefore keep at most one CHECK each, for the invariant that spans
-- columns, and put single-value rules into domains, which are checked only when a value
-- is stored in that column, from plans that are cached.

CREATE DOMAIN card_uid_hex AS text COLLATE "C"
  CHECK (VALUE ~ '^([0-9A-F]{2}){4,10}$');          -- 4 to 10 bytes, uppercase hex
CREATE DOMAIN card_status AS text
  CHECK (VALUE IN ('active', 'blocked'));
CREATE DOMAIN product_kind AS text
  CHECK (VALUE IN ('sale', 'deposit', 'return'));
CREATE DOMAIN ledger_kind AS text
  CHECK (VALUE IN ('initial', 'order', 'recharge', 'void'));
CREATE DOMAIN request_operation AS text
  CHECK (VALUE IN ('bar_order', 'checkpoint_recharge', 'stripe_recharge', 'tombstone'));

CREATE TABLE event_settings (
  singleton                  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
  name                       text        NOT NULL DEFAULT 'Festival'
                                         CHECK (length(name) BETWEEN 1 AND 200),
  currency                   text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  max_balance_cents          bigint      NOT NULL
                                         CHECK (max_balance_cents BETWEEN 1 AND 100000000),
  offline_card_limit_cents   bigint      NOT NULL
                                         CHECK (offline_card_limit_cents BETWEEN 0 AND 100000000),
  offline_device_limit_cents bigint      NOT NULL
                                         CHECK (offline_device_limit_cents BETWEEN 0 AND 1000000000),
  starts_at                  timestamptz,
  ends_at                    timestamptz,
  updated_at                 timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at)
);

CREATE TABLE points_of_sale (
  point_of_sale_id text COLLATE "C" PRIMARY KEY CHECK (point_of_sale_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
);

CREATE TABLE checkpoints (
  checkpoint_id text COLLATE "C" PRIMARY KEY CHECK (checkpoint_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
);

CREATE TABLE devices (
  device_id        text COLLATE "C" PRIMARY KEY CHECK (device_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role             text        NOT NULL CHECK (role IN ('bar', 'checkpoint')),
  point_of_sale_id text COLLATE "C" REFERENCES points_of_sale,
  checkpoint_id    text COLLATE "C" REFERENCES checkpoints,
  enabled          boolean     NOT NULL DEFAULT true,
  registered_at    timestamptz NOT NULL DEFAULT now(),
  -- a device is assigned (or not yet) to a place of its own role only
  CHECK ((role = 'bar' AND checkpoint_id IS NULL)
      OR (role = 'checkpoint' AND point_of_sale_id IS NULL))
);

CREATE TABLE staff (
  staff_id   text COLLATE "C" PRIMARY KEY CHECK (staff_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  name       text    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role       text    NOT NULL CHECK (role IN ('bar', 'cashier', 'supervisor', 'admin')),
  -- kiosks verify PINs offline: a slow salted hash only (bcrypt cost >= 10, or argon2id)
  pin_hash   text    NOT NULL
             CHECK (pin_hash ~ '^\$2[aby]\$(1[0-9]|2[0-9]|3[01])\$[./A-Za-z0-9]{53}$'
                 OR pin_hash ~ '^\$argon2id\$v=[0-9]+\$m=[0-9]+,t=[0-9]+,p=[0-9]+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$'),
  card_uid   card_uid_hex UNIQUE,
  enabled    boolean NOT NULL DEFAULT true
);

CREATE TABLE products (
  point_of_sale_id text COLLATE "C" NOT NULL REFERENCES points_of_sale,
  product_id       text COLLATE "C" NOT NULL CHECK (product_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  name             text    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  price_cents      bigint  NOT NULL CHECK (price_cents BETWEEN -1000000 AND 1000000),
  category         text    NOT NULL DEFAULT 'other' CHECK (length(category) BETWEEN 1 AND 64),
  kind             product_kind NOT NULL DEFAULT 'sale',
  active           boolean NOT NULL DEFAULT true,
  sort_order       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (point_of_sale_id, product_id),
  -- a return (cup return) credits, everything else costs
  CHECK ((kind = 'sale' AND price_cents >= 0)
      OR (kind = 'deposit' AND price_cents > 0)
      OR (kind = 'return' AND price_cents < 0))
);

CREATE TABLE cards (
  card_uid             card_uid_hex PRIMARY KEY,
  printed_code         text         UNIQUE,
  status               card_status  NOT NULL DEFAULT 'active',
  balance_cents        bigint       NOT NULL DEFAULT 0,
  -- set when an offline sale took the balance below zero; cleared by a recharge
  -- that brings it back to zero or more
  overdraft_flagged_at timestamptz,
  created_at           timestamptz  NOT NULL DEFAULT now(),
  -- start time of the transaction that last changed the row (see sp_cards_changed_since)
  updated_at           timestamptz  NOT NULL DEFAULT now(),
  -- below zero only when flagged by an offline overdraft; never absurd either way
  CONSTRAINT cards_balance_guard CHECK (
    balance_cents BETWEEN -100000000 AND 100000000
    AND (balance_cents >= 0 OR overdraft_flagged_at IS NOT NULL))
) WITH (fillfactor = 80);  -- room for HOT updates: the balance changes on every sale

CREATE TABLE card_status_changes (
  change_id       bigserial   PRIMARY KEY,
  card_uid        text COLLATE "C" NOT NULL REFERENCES cards,
  previous_status card_status NOT NULL,
  new_status      card_status NOT NULL,
  device_id       text COLLATE "C" NOT NULL REFERENCES devices,
  staff_id        text COLLATE "C" NOT NULL REFERENCES staff,
  reason          text        CHECK (length(reason) <= 500),
  changed_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (previous_status <> new_status)
);
CREATE INDEX card_status_changes_card_idx ON card_status_changes (card_uid, change_id);

CREATE TABLE orders (
  -- one index per sale: the request id is the key; order_id (from its sequence) is the
  -- short number people read, and is not indexed
  client_request_id uuid        PRIMARY KEY,
  order_id          bigserial   NOT NULL,
  -- the card, who and where: checked by the function that writes the row. No foreign
  -- keys here on purpose: every sale would take a KEY SHARE lock on the same few device
  -- and staff rows (MultiXact contention), and the order's ledger row already
  -- references the card (ledger.card_uid) and this order (ledger.order_id).
  card_uid          text COLLATE "C" NOT NULL,
  point_of_sale_id  text COLLATE "C" NOT NULL,
  device_id         text COLLATE "C" NOT NULL,
  staff_id          text COLLATE "C" NOT NULL,
  total_cents       bigint      NOT NULL,
  -- the lines as charged, in the order given: [{"line_no", "product_id", "name", "kind",
  -- "unit_price_cents", "quantity", "line_total_cents"}]. Later price or name changes
  -- do not rewrite history. One document per order rather than a row per line keeps
  -- the sale to one insert here; the order_lines view reads them as rows.
  lines             jsonb       NOT NULL,
  offline           boolean     NOT NULL,
  overdraft         boolean     NOT NULL,
  captured_at       timestamptz NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  voided_at         timestamptz
);

CREATE VIEW order_lines AS
SELECT o.order_id, l.line_no, l.product_id, l.name, l.kind, l.unit_price_cents, l.quantity,
       l.line_total_cents
  FROM orders o
 CROSS JOIN LATERAL jsonb_to_recordset(o.lines) AS l(
         line_no integer, product_id text, name text, kind text, unit_price_cents bigint,
         quantity integer, line_total_cents bigint);

CREATE TABLE recharges (
  recharge_id       bigserial   PRIMARY KEY,
  client_request_id uuid        NOT NULL UNIQUE,
  card_uid          text COLLATE "C" NOT NULL REFERENCES cards,
  amount_cents      bigint      NOT NULL,
  payment_method    text        NOT NULL,
  -- checked by the function that writes the row (no foreign key: see orders)
  checkpoint_id     text COLLATE "C",
  device_id         text COLLATE "C",
  staff_id          text COLLATE "C",
  stripe_session_id text        UNIQUE,
  metadata          jsonb       NOT NULL DEFAULT '{}',
  offline           boolean     NOT NULL DEFAULT false,
  captured_at       timestamptz NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  voided_at         timestamptz,
  -- a positive amount; a Stripe recharge has its session, a checkpoint recharge its kiosk
  CONSTRAINT recharges_consistent CHECK (
    amount_cents BETWEEN 1 AND 100000000
    AND CASE payment_method
          WHEN 'stripe' THEN stripe_session_id IS NOT NULL
          WHEN 'cash' THEN stripe_session_id IS NULL AND checkpoint_id IS NOT NULL
                           AND device_id IS NOT NULL AND staff_id IS NOT NULL
          WHEN 'card' THEN stripe_session_id IS NULL AND checkpoint_id IS NOT NULL
                           AND device_id IS NOT NULL AND staff_id IS NOT NULL
          ELSE false
        END)
);

CREATE TABLE voids (
  void_id           bigserial   PRIMARY KEY,
  -- the voided request: one void per request, ever
  target_request_id uuid        NOT NULL UNIQUE,
  outcome           text        NOT NULL CHECK (outcome IN ('reversed', 'tombstone', 'nothing_to_reverse')),
  target_operation  text,
  device_id         text COLLATE "C" NOT NULL REFERENCES devices,
  staff_id          text COLLATE "C" NOT NULL REFERENCES staff,
  reason            text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  response          jsonb       NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now()
);

-- One row per balance change, with the balance before and after it.
CREATE TABLE ledger (
  -- entry_id comes from its sequence, so it is unique; the key leads with the card because
  -- every read is a card's history (sp_card_status) and one index per entry is enough
  entry_id               bigserial,
  card_uid               text COLLATE "C" NOT NULL REFERENCES cards,
  kind                   ledger_kind NOT NULL,
  amount_cents           bigint      NOT NULL,  -- signed: credit > 0, debit < 0
  previous_balance_cents bigint      NOT NULL,
  new_balance_cents      bigint      NOT NULL,
  -- the request that caused the entry (NULL only for initial balances) and its row:
  -- no foreign key to orders, written by the same statement of sp_process_bar_order
  client_request_id      uuid,
  order_id               bigint,
  recharge_id            bigint      REFERENCES recharges,
  void_id                bigint      REFERENCES voids,
  -- checked by the function that writes the row (no foreign key: see orders)
  device_id              text COLLATE "C",
  staff_id               text COLLATE "C",
  offline                boolean     NOT NULL DEFAULT false,
  captured_at            timestamptz NOT NULL,
  received_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (card_uid, entry_id),
  CONSTRAINT ledger_entry_guard CHECK (
    -- the entry adds up
    new_balance_cents = previous_balance_cents + amount_cents
    -- below zero only through an offline sale (a credit may leave a negative balance
    -- less negative)
    AND (new_balance_cents >= 0 OR amount_cents >= 0 OR (kind = 'order' AND offline))
    -- only an initial balance has no request
    AND (client_request_id IS NOT NULL OR (kind = 'initial' AND previous_balance_cents = 0)))
);

-- A recharge never takes a card above the event's maximum balance. Checked after each
-- recharge row (the functions write it in the statement that follows the card's update),
-- so that bar orders, the hot path, pay nothing for it.
CREATE FUNCTION recharges_check_balance_limit() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
DECLARE
  v_balance bigint;
  v_max     bigint;
BEGIN
  SELECT balance_cents INTO v_balance FROM cards WHERE card_uid = NEW.card_uid;
  SELECT max_balance_cents INTO v_max FROM event_settings;
  IF v_balance > v_max THEN
    RAISE EXCEPTION 'recharge % takes card % to % cents, above the event maximum of %',
      NEW.client_request_id, NEW.card_uid, v_balance, v_max
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER recharges_balance_limit
  AFTER INSERT ON recharges
  FOR EACH ROW EXECUTE FUNCTION recharges_check_balance_limit();

-- The ledger is append-only.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
  RAISE EXCEPTION 'ledger is append-only' USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE TRIGGER ledger_append_only
  BEFORE UPDATE OR DELETE ON ledger
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

-- Idempotency: the first outcome of a request, written in the same transaction as its effect.
CREATE TABLE idempotency_records (
  client_request_id uuid        PRIMARY KEY,
  operation         request_operation NOT NULL,
  -- md5 of every argument except p_captured_at and p_offline
  fingerprint       uuid        NOT NULL,
  response          jsonb       NOT NULL,
  succeeded         boolean     NOT NULL,
  card_uid          text COLLATE "C",
  voided            boolean     NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE nfc_scans (
  scan_id     uuid        PRIMARY KEY,
  device_id   text COLLATE "C" NOT NULL REFERENCES devices,
  card_uid    card_uid_hex,
  status      text        NOT NULL CHECK (status ~ '^[a-z][a-z_]{0,31}$'),
  scanned_at  timestamptz NOT NULL,
  context     jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(context) = 'object'),
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX nfc_scans_device_idx ON nfc_scans (device_id, scanned_at);

-- Tables are for the functions only: nobody else reads or writes them.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON FUNCTION recharges_check_balance_limit() FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_refuse_change() FROM PUBLIC;
