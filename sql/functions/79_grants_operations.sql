-- Who may call the operations functions: kiosks send their heartbeat; admin_set_card_status
-- and admin_transfer_card are for the owner only (festival-admin), so they get no grant.
GRANT EXECUTE ON FUNCTION sp_device_heartbeat(text, jsonb) TO kiosk;
