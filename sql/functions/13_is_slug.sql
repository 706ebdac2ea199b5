-- Plausible as the id of a device, member of staff, point of sale or checkpoint: 1 to 64
-- characters. (The tables hold stricter slugs; an id that is not one is simply unknown.)
CREATE OR REPLACE FUNCTION is_slug(p_value text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT coalesce(length(p_value) BETWEEN 1 AND 64, false)
$fn$;
