-- Group roles of the backend contract.
--
-- `kiosk` may execute the kiosk-facing contract functions and nothing else;
-- `payments` may execute only sp_process_stripe_recharge (the webhook receiver).
-- Roles are cluster-wide while migrations run per database: create them only when
-- missing, and tolerate a concurrent migration of another database creating them first.
DO $roles$
BEGIN
  BEGIN
    CREATE ROLE kiosk NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
  END;
  BEGIN
    CREATE ROLE payments NOLOGIN;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
  END;
END
$roles$;

-- New functions are executable by PUBLIC unless told otherwise: not here.
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
