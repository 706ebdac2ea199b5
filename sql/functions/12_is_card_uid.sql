-- A card UID: 4 to 10 bytes as uppercase hex, no separators.
CREATE OR REPLACE FUNCTION is_card_uid(p_value text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT coalesce(p_value ~ '^([0-9A-F]{2}){4,10}$', false)
$fn$;
