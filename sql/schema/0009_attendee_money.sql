-- Attendee money (issue 14): Stripe problems for the review queue, payout requests filed
-- from the portal, numbered payout runs, and the `payout` ledger kind.
-- depends: 0007_trust
--
-- Works with or without 0008_operations (helper D's operator status changes and transfers):
-- the ledger_kind CHECK is re-created with every kind, and the operator columns of
-- card_status_changes are added only when 0008 has not added them.

-- (one statement: PostgreSQL refuses the savepoint yoyo takes between two ALTER DOMAINs)
DO $domain$
BEGIN
  ALTER DOMAIN ledger_kind DROP CONSTRAINT ledger_kind_check;
  ALTER DOMAIN ledger_kind ADD CONSTRAINT ledger_kind_check
    CHECK (VALUE IN ('initial', 'order', 'recharge', 'void', 'transfer', 'payout'));
END
$domain$;

-- A payout request freezes the card without a kiosk or a supervisor: the change is made by
-- an operator (here 'portal'), like 0008's operator changes.
DO $status_changes$
BEGIN
  ALTER TABLE card_status_changes
    ALTER COLUMN device_id DROP NOT NULL,
    ALTER COLUMN staff_id DROP NOT NULL;
  IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'card_status_changes'::regclass
                                            AND attname = 'operator' AND NOT attisdropped) THEN
    ALTER TABLE card_status_changes
      ADD COLUMN operator text CHECK (length(operator) BETWEEN 1 AND 200),
      ADD CONSTRAINT card_status_changes_who CHECK (
        (device_id IS NOT NULL AND staff_id IS NOT NULL) OR operator IS NOT NULL);
  END IF;
END
$status_changes$;

-- A paid Stripe session that credited nothing (unknown, blocked or full card, amount out of
-- range, another currency, no card in its metadata): a person must refund the attendee.
-- One row per session, however often Stripe redelivers the event.
CREATE TABLE stripe_problems (
  problem_id        bigserial   PRIMARY KEY,
  stripe_session_id text        NOT NULL UNIQUE,
  client_request_id uuid        NOT NULL,
  card_uid          text        CHECK (length(card_uid) <= 64),
  amount_cents      bigint,
  error_code        text        NOT NULL,
  message           text        NOT NULL,
  metadata          jsonb       NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL DEFAULT now(),
  resolved_at       timestamptz,
  resolution        text        CHECK (length(resolution) BETWEEN 1 AND 500)
);
CREATE INDEX stripe_problems_open_idx ON stripe_problems (created_at) WHERE resolved_at IS NULL;

-- A payout run: one SEPA credit transfer file for the requests pending at export time.
CREATE TABLE payout_runs (
  run_id          bigserial   PRIMARY KEY,
  debtor_name     text        NOT NULL CHECK (length(debtor_name) BETWEEN 1 AND 70),
  debtor_iban     text        NOT NULL CHECK (debtor_iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  debtor_bic      text        NOT NULL CHECK (debtor_bic ~ '^[A-Z0-9]{8}([A-Z0-9]{3})?$'),
  payout_count    integer     NOT NULL CHECK (payout_count >= 0),
  total_cents     bigint      NOT NULL CHECK (total_cents >= 0),
  donation_cents  bigint      NOT NULL CHECK (donation_cents >= 0),
  file_sha256     text        CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  exported_at     timestamptz NOT NULL DEFAULT now(),
  marked_paid_at  timestamptz
);

-- One payout request per card, ever (the portal's second request is told it is filed).
CREATE TABLE payout_requests (
  request_id        bigserial   PRIMARY KEY,
  card_uid          text COLLATE "C" NOT NULL UNIQUE REFERENCES cards,
  -- the ledger rows' request id (their guard wants one)
  client_request_id uuid        NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  name              text        NOT NULL CHECK (length(name) BETWEEN 1 AND 70),
  iban              text        NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  donate            boolean     NOT NULL,
  status            text        NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'exported', 'paid')),
  requested_at      timestamptz NOT NULL DEFAULT now(),
  run_id            bigint      REFERENCES payout_runs,
  -- the card's balance when the run was exported: what the file pays (or what is donated)
  exported_cents    bigint      CHECK (exported_cents >= 0),
  paid_at           timestamptz,
  ledger_entry_id   bigint,
  CHECK ((status = 'pending') = (run_id IS NULL)),
  CHECK ((status = 'pending') = (exported_cents IS NULL)),
  CHECK ((status = 'paid') = (paid_at IS NOT NULL))
);
CREATE INDEX payout_requests_run_idx ON payout_requests (run_id);

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
