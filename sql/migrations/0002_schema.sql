-- The festival's tables. Money is integer cents (bigint). Identifiers chosen by
-- people (devices, staff, products, points of sale, checkpoints) are short
-- text slugs; card UIDs are uppercase hex without separators (4, 7 or 10 bytes).
-- The constraints here guard the money even against a buggy function.

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
  point_of_sale_id text PRIMARY KEY CHECK (point_of_sale_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
);

CREATE TABLE checkpoints (
  checkpoint_id text PRIMARY KEY CHECK (checkpoint_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
);

CREATE TABLE devices (
  device_id        text        PRIMARY KEY CHECK (device_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role             text        NOT NULL CHECK (role IN ('bar', 'checkpoint')),
  point_of_sale_id text        REFERENCES points_of_sale,
  checkpoint_id    text        REFERENCES checkpoints,
  enabled          boolean     NOT NULL DEFAULT true,
  registered_at    timestamptz NOT NULL DEFAULT now(),
  -- a device is assigned (or not yet) to a place of its own role only
  CHECK ((role = 'bar' AND checkpoint_id IS NULL)
      OR (role = 'checkpoint' AND point_of_sale_id IS NULL))
);

CREATE TABLE staff (
  staff_id   text    PRIMARY KEY CHECK (staff_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  name       text    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role       text    NOT NULL CHECK (role IN ('bar', 'cashier', 'supervisor', 'admin')),
  -- kiosks verify PINs offline: a slow salted hash only (bcrypt cost >= 10, or argon2id)
  pin_hash   text    NOT NULL
             CHECK (pin_hash ~ '^\$2[aby]\$(1[0-9]|2[0-9]|3[01])\$[./A-Za-z0-9]{53}$'
                 OR pin_hash ~ '^\$argon2id\$v=[0-9]+\$m=[0-9]+,t=[0-9]+,p=[0-9]+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$'),
  card_uid   text    UNIQUE CHECK (card_uid ~ '^([0-9A-F]{2}){4,10}$'),
  enabled    boolean NOT NULL DEFAULT true
);

CREATE TABLE products (
  point_of_sale_id text    NOT NULL REFERENCES points_of_sale,
  product_id       text    NOT NULL CHECK (product_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
  name             text    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  price_cents      bigint  NOT NULL CHECK (price_cents BETWEEN -1000000 AND 1000000),
  category         text    NOT NULL DEFAULT 'other' CHECK (length(category) BETWEEN 1 AND 64),
  kind             text    NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'deposit', 'return')),
  active           boolean NOT NULL DEFAULT true,
  sort_order       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (point_of_sale_id, product_id),
  -- a return (cup return) credits, everything else costs
  CHECK ((kind = 'sale' AND price_cents >= 0)
      OR (kind = 'deposit' AND price_cents > 0)
      OR (kind = 'return' AND price_cents < 0))
);

CREATE TABLE cards (
  card_uid             text        PRIMARY KEY CHECK (card_uid ~ '^([0-9A-F]{2}){4,10}$'),
  printed_code         text        UNIQUE CHECK (length(printed_code) BETWEEN 1 AND 64),
  status               text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
  balance_cents        bigint      NOT NULL DEFAULT 0
                                   CHECK (balance_cents BETWEEN -100000000 AND 100000000),
  -- set when an offline sale took the balance below zero; cleared by a recharge
  -- that brings it back to zero or more
  overdraft_flagged_at timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  -- start time of the transaction that last changed the row (see sp_cards_changed_since)
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (balance_cents >= 0 OR overdraft_flagged_at IS NOT NULL)
) WITH (fillfactor = 80);  -- room for HOT updates: the balance changes on every sale

CREATE TABLE card_status_changes (
  change_id       bigserial   PRIMARY KEY,
  card_uid        text        NOT NULL REFERENCES cards,
  previous_status text        NOT NULL CHECK (previous_status IN ('active', 'blocked')),
  new_status      text        NOT NULL CHECK (new_status IN ('active', 'blocked')),
  device_id       text        NOT NULL REFERENCES devices,
  staff_id        text        NOT NULL REFERENCES staff,
  reason          text        CHECK (length(reason) <= 500),
  changed_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (previous_status <> new_status)
);
CREATE INDEX card_status_changes_card_idx ON card_status_changes (card_uid, change_id);

CREATE TABLE orders (
  order_id          bigserial   PRIMARY KEY,
  client_request_id uuid        NOT NULL UNIQUE,
  card_uid          text        NOT NULL REFERENCES cards,
  point_of_sale_id  text        NOT NULL REFERENCES points_of_sale,
  device_id         text        NOT NULL REFERENCES devices,
  staff_id          text        NOT NULL REFERENCES staff,
  total_cents       bigint      NOT NULL CHECK (total_cents BETWEEN -100000000 AND 100000000),
  offline           boolean     NOT NULL,
  overdraft         boolean     NOT NULL,
  captured_at       timestamptz NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  voided_at         timestamptz
);

CREATE TABLE order_lines (
  order_id         bigint   NOT NULL REFERENCES orders,
  line_no          smallint NOT NULL CHECK (line_no BETWEEN 1 AND 50),
  -- the product as charged: later price or name changes do not rewrite history
  product_id       text     NOT NULL,
  name             text     NOT NULL,
  kind             text     NOT NULL CHECK (kind IN ('sale', 'deposit', 'return')),
  unit_price_cents bigint   NOT NULL,
  quantity         integer  NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  line_total_cents bigint   NOT NULL,
  PRIMARY KEY (order_id, line_no),
  CHECK (line_total_cents = unit_price_cents * quantity)
);

CREATE TABLE recharges (
  recharge_id       bigserial   PRIMARY KEY,
  client_request_id uuid        NOT NULL UNIQUE,
  card_uid          text        NOT NULL REFERENCES cards,
  amount_cents      bigint      NOT NULL CHECK (amount_cents BETWEEN 1 AND 100000000),
  payment_method    text        NOT NULL CHECK (payment_method IN ('cash', 'card', 'stripe')),
  checkpoint_id     text        REFERENCES checkpoints,
  device_id         text        REFERENCES devices,
  staff_id          text        REFERENCES staff,
  stripe_session_id text        UNIQUE CHECK (length(stripe_session_id) BETWEEN 1 AND 255),
  metadata          jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  offline           boolean     NOT NULL DEFAULT false,
  captured_at       timestamptz NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  voided_at         timestamptz,
  -- a Stripe recharge has its session and no kiosk; a checkpoint recharge the opposite
  CHECK ((payment_method = 'stripe') = (stripe_session_id IS NOT NULL)),
  CHECK (payment_method = 'stripe'
         OR (checkpoint_id IS NOT NULL AND device_id IS NOT NULL AND staff_id IS NOT NULL))
);

CREATE TABLE voids (
  void_id           bigserial   PRIMARY KEY,
  -- the voided request: one void per request, ever
  target_request_id uuid        NOT NULL UNIQUE,
  outcome           text        NOT NULL CHECK (outcome IN ('reversed', 'tombstone', 'nothing_to_reverse')),
  target_operation  text,
  device_id         text        NOT NULL REFERENCES devices,
  staff_id          text        NOT NULL REFERENCES staff,
  reason            text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  response          jsonb       NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now()
);

-- One row per balance change, with the balance before and after it.
CREATE TABLE ledger (
  entry_id               bigserial   PRIMARY KEY,
  card_uid               text        NOT NULL REFERENCES cards,
  kind                   text        NOT NULL CHECK (kind IN ('initial', 'order', 'recharge', 'void')),
  amount_cents           bigint      NOT NULL,  -- signed: credit > 0, debit < 0
  previous_balance_cents bigint      NOT NULL,
  new_balance_cents      bigint      NOT NULL,
  client_request_id      uuid,
  order_id               bigint      REFERENCES orders,
  recharge_id            bigint      REFERENCES recharges,
  void_id                bigint      REFERENCES voids,
  device_id              text        REFERENCES devices,
  staff_id               text        REFERENCES staff,
  offline                boolean     NOT NULL DEFAULT false,
  captured_at            timestamptz NOT NULL,
  received_at            timestamptz NOT NULL DEFAULT now(),
  CHECK (new_balance_cents = previous_balance_cents + amount_cents),
  -- below zero only through an offline sale (a credit may leave a negative balance less negative)
  CHECK (new_balance_cents >= 0 OR amount_cents >= 0 OR (kind = 'order' AND offline)),
  CHECK (kind <> 'initial' OR (client_request_id IS NULL AND previous_balance_cents = 0)),
  CHECK (kind <> 'order' OR (order_id IS NOT NULL AND client_request_id IS NOT NULL)),
  CHECK (kind <> 'recharge' OR (recharge_id IS NOT NULL AND amount_cents > 0 AND client_request_id IS NOT NULL)),
  CHECK (kind <> 'void' OR (void_id IS NOT NULL AND client_request_id IS NOT NULL))
);
CREATE INDEX ledger_card_idx ON ledger (card_uid, entry_id);

-- A recharge never takes a card above the event's maximum balance.
CREATE FUNCTION ledger_check_recharge_limit() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
  IF NEW.new_balance_cents > (SELECT max_balance_cents FROM event_settings) THEN
    RAISE EXCEPTION 'recharge would take card % to % cents, above the event maximum',
      NEW.card_uid, NEW.new_balance_cents
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$fn$;

CREATE TRIGGER ledger_recharge_limit
  BEFORE INSERT OR UPDATE ON ledger
  FOR EACH ROW WHEN (NEW.kind = 'recharge')
  EXECUTE FUNCTION ledger_check_recharge_limit();

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
  operation         text        NOT NULL
                    CHECK (operation IN ('bar_order', 'checkpoint_recharge', 'stripe_recharge', 'tombstone')),
  -- md5 of every argument except p_captured_at and p_offline
  fingerprint       uuid        NOT NULL,
  response          jsonb       NOT NULL CHECK (jsonb_typeof(response) = 'object'),
  succeeded         boolean     NOT NULL,
  card_uid          text,
  voided            boolean     NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE nfc_scans (
  scan_id     uuid        PRIMARY KEY,
  device_id   text        NOT NULL REFERENCES devices,
  card_uid    text        CHECK (card_uid ~ '^([0-9A-F]{2}){4,10}$'),
  status      text        NOT NULL CHECK (status ~ '^[a-z][a-z_]{0,31}$'),
  scanned_at  timestamptz NOT NULL,
  context     jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(context) = 'object'),
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX nfc_scans_device_idx ON nfc_scans (device_id, scanned_at);

-- Tables are for the functions only: nobody else reads or writes them.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_check_recharge_limit() FROM PUBLIC;
REVOKE ALL ON FUNCTION ledger_refuse_change() FROM PUBLIC;
