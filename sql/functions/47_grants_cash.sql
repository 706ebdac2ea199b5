-- Who may call the cash-shift functions (90_grants revokes everything from PUBLIC): kiosks,
-- directly or through the gateway (a member of `kiosk`).
GRANT EXECUTE ON FUNCTION
  sp_open_cash_shift(uuid, text, text, bigint, timestamptz, boolean),
  sp_close_cash_shift(uuid, text, text, bigint, jsonb, timestamptz, boolean, uuid, text),
  sp_move_cash(uuid, text, text, uuid, bigint, text, text)
TO kiosk;
