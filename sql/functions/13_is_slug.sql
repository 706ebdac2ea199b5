CREATE OR REPLACE FUNCTION is_slug(p_value text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT coalesce(length(p_value) BETWEEN 1 AND 64, false)
$fn$;
