-- A timestamptz from text, or NULL when the text is not an ISO 8601 timestamp with an offset.
CREATE OR REPLACE FUNCTION try_iso_timestamptz(p_value text) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  IF p_value IS NULL
     OR p_value !~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$' THEN
    RETURN NULL;
  END IF;
  RETURN p_value::timestamptz;
EXCEPTION WHEN data_exception THEN
  RETURN NULL;
END
$fn$;
