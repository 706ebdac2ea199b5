-- What the portal may call as `payments` (the webhook's sp_process_stripe_recharge is
-- granted in 90_grants.sql). Applied before 90_grants.sql, whose revoke from PUBLIC
-- leaves explicit grants alone.
GRANT EXECUTE ON FUNCTION sp_portal_card(text), sp_request_payout(text, text, text, text, boolean)
  TO payments;
