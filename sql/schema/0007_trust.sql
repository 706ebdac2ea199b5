-- The trust model of DESIGN.md ("Who is calling"): devices proven by their connection,
-- staff sessions verified by the server, offline claims bounded, self-voids, tombstones
-- bound to a device, and the columns the operators' commands read.
-- depends: 0006_grants
--
-- From here on, functions live in sql/functions/ (one CREATE OR REPLACE file each,
-- re-applied by `festival-admin migrate` after the schema); this file only adds tables,
-- columns, indexes and roles.

-- server-side PIN checks (crypt() with bcrypt); a trusted extension since PostgreSQL 13,
-- so the database owner may create it
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- `gateway`: the login of festival-server is a member; it may name the device its bearer
-- token proved (set_config('festival.device_id', ...)) and is believed only then.
DO $roles$
BEGIN
  BEGIN
    CREATE ROLE gateway NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
  END;
END
$roles$;
GRANT kiosk TO gateway;

ALTER TABLE event_settings
  ADD COLUMN offline_cache_max_age_s integer NOT NULL DEFAULT 21600
             CHECK (offline_cache_max_age_s BETWEEN 60 AND 604800),
  ADD COLUMN self_void_window_s integer NOT NULL DEFAULT 1800
             CHECK (self_void_window_s BETWEEN 0 AND 86400),
  ADD COLUMN refund_deadline timestamptz;

-- A device's credential: its own PostgreSQL login (direct connection) or the SHA-256 of
-- its bearer token (through the gateway). Rotating it replaces both; revoking clears them.
ALTER TABLE devices
  ADD COLUMN login_role           text COLLATE "C" UNIQUE,
  ADD COLUMN token_sha256         text COLLATE "C" UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  ADD COLUMN credential_kind      text CHECK (credential_kind IN ('postgres', 'gateway')),
  ADD COLUMN credential_issued_at timestamptz,
  ADD COLUMN revoked_at           timestamptz,
  ADD COLUMN last_seen_at         timestamptz;

ALTER TABLE staff
  ADD COLUMN pin_changed_at timestamptz;

-- A staff login the server verified, for one device. One open session per device: a new
-- login on a device ends the sessions open there.
CREATE TABLE staff_sessions (
  session_id  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_id    text COLLATE "C" NOT NULL REFERENCES staff,
  device_id   text COLLATE "C" NOT NULL REFERENCES devices,
  role        text        NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  ended_at    timestamptz,
  end_reason  text        CHECK (end_reason IN ('logout', 'replaced', 'pin_changed', 'revoked', 'disabled')),
  CHECK (expires_at > started_at)
);
CREATE UNIQUE INDEX staff_sessions_open_per_device ON staff_sessions (device_id) WHERE ended_at IS NULL;
CREATE INDEX staff_sessions_staff_idx ON staff_sessions (staff_id) WHERE ended_at IS NULL;

-- Every login attempt, never the PIN. staff_id is what was typed (it may name nobody).
CREATE TABLE staff_login_attempts (
  attempt_id   bigserial   PRIMARY KEY,
  staff_id     text        NOT NULL CHECK (length(staff_id) <= 64),
  device_id    text COLLATE "C",
  login_role   text        NOT NULL,
  outcome      text        NOT NULL CHECK (outcome IN ('ok', 'wrong_pin', 'unknown_staff', 'disabled',
                                                       'not_allowed', 'locked', 'no_server_hash')),
  attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_login_attempts_staff_idx ON staff_login_attempts (staff_id, attempted_at);

-- Whether the staff member of a money row had a session the server verified on that device.
ALTER TABLE orders    ADD COLUMN staff_verified boolean NOT NULL DEFAULT false;
ALTER TABLE recharges ADD COLUMN staff_verified boolean NOT NULL DEFAULT false;
ALTER TABLE voids
  ADD COLUMN staff_verified boolean NOT NULL DEFAULT false,
  -- the request's own device voided it within the self-void window, without a supervisor
  ADD COLUMN self_void      boolean NOT NULL DEFAULT false;

-- The device that made the request (declines included), so that its own device may void it.
ALTER TABLE idempotency_records ADD COLUMN device_id text COLLATE "C";

-- A self-void of a request that never arrived: only that device's late arrival of the id is
-- answered REQUEST_VOIDED; the same id from another device is not affected.
CREATE TABLE request_tombstones (
  client_request_id uuid        NOT NULL,
  device_id         text COLLATE "C" NOT NULL,
  response          jsonb       NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_request_id, device_id)
);

-- Offline amounts per device within a rolling hour of the server's clock: only offline rows
-- are indexed, so online sales pay nothing for it.
CREATE INDEX ledger_offline_by_device ON ledger (device_id, received_at) WHERE offline;

-- sp_cards_changed_since reads changes since a time without scanning every card. An index on
-- cards.updated_at would make every sale's card update a non-HOT update (two more index
-- entries per sale); the ledger (one row per balance change, received_at = the
-- transaction's start like cards.updated_at), the status changes and new cards are indexed
-- instead.
CREATE INDEX ledger_received_idx ON ledger (received_at);
CREATE INDEX card_status_changes_changed_idx ON card_status_changes (changed_at);
CREATE INDEX cards_created_idx ON cards (created_at);

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
