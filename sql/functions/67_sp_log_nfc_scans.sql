-- Batch upload of a kiosk's scan log, idempotent by scan_id. Valid scans are stored
-- (a scan_id seen before counts as a duplicate); invalid ones are counted in
-- "rejected" with their positions in "rejected_indexes" (0-based, first 100), so one
-- corrupt row cannot block a kiosk's upload forever.
CREATE OR REPLACE FUNCTION sp_log_nfc_scans(p_device_id text, p_scans jsonb)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_error    jsonb;
  v_valid    integer;
  v_inserted integer;
  v_rejected integer[];
BEGIN
  -- the arguments (INVALID_REQUEST), then the connection's device (UNAUTHORIZED)
  v_error := coalesce(invalid_request(coalesce(slug_problem('p_device_id', p_device_id),
    -- the size first, before any work on the value (pg_column_size reads only its header)
    CASE WHEN NOT (CASE WHEN pg_column_size(p_scans) <= 1048576 AND jsonb_typeof(p_scans) = 'array'
                        THEN jsonb_array_length(p_scans) <= 500
                        ELSE false END)
         THEN 'p_scans must be a JSON array of at most 500 scans and 1 MB' END)),
    unauthorized(device_caller_problem(p_device_id)));
  IF v_error IS NOT NULL THEN
    RETURN v_error;
  END IF;

  WITH parsed AS (
    SELECT e.idx - 1 AS idx,
           jsonb_typeof(e.scan) = 'object' AS is_object,
           CASE WHEN jsonb_typeof(e.scan -> 'scan_id') = 'string'
                     AND e.scan ->> 'scan_id'
                         ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
                THEN (e.scan ->> 'scan_id')::uuid END AS scan_id,
           -- absent or null: a failed read; otherwise a well-formed uid
           CASE WHEN e.scan -> 'card_uid' IS NULL OR jsonb_typeof(e.scan -> 'card_uid') = 'null'
                THEN true
                WHEN jsonb_typeof(e.scan -> 'card_uid') = 'string'
                THEN is_card_uid(e.scan ->> 'card_uid')
                ELSE false END AS card_uid_ok,
           CASE WHEN jsonb_typeof(e.scan -> 'card_uid') = 'string'
                THEN e.scan ->> 'card_uid' END AS card_uid,
           CASE WHEN jsonb_typeof(e.scan -> 'status') = 'string'
                     AND e.scan ->> 'status' ~ '^[a-z][a-z_]{0,31}$'
                THEN e.scan ->> 'status' END AS status,
           CASE WHEN jsonb_typeof(e.scan -> 'scanned_at') = 'string'
                THEN try_iso_timestamptz(left(e.scan ->> 'scanned_at', 64)) END AS scanned_at,
           CASE WHEN e.scan -> 'context' IS NULL OR jsonb_typeof(e.scan -> 'context') = 'null'
                THEN '{}'::jsonb
                WHEN jsonb_typeof(e.scan -> 'context') = 'object'
                     AND pg_column_size(e.scan -> 'context') <= 2048
                THEN e.scan -> 'context' END AS context
      FROM jsonb_array_elements(p_scans) WITH ORDINALITY AS e(scan, idx)
  ), checked AS (
    SELECT *, coalesce(is_object AND scan_id IS NOT NULL AND card_uid_ok AND status IS NOT NULL
                       AND isfinite(scanned_at) AND context IS NOT NULL, false) AS ok
      FROM parsed
  ), inserted AS (
    INSERT INTO nfc_scans (scan_id, device_id, card_uid, status, scanned_at, context)
    SELECT scan_id, p_device_id, card_uid, status, scanned_at, context
      FROM checked WHERE ok ORDER BY idx
    ON CONFLICT (scan_id) DO NOTHING
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM checked WHERE ok),
         (SELECT count(*) FROM inserted),
         (SELECT array_agg(idx ORDER BY idx) FROM checked WHERE NOT ok)
    INTO v_valid, v_inserted, v_rejected;

  RETURN jsonb_build_object(
    'success', true, 'inserted', v_inserted, 'duplicates', v_valid - v_inserted,
    'rejected', coalesce(cardinality(v_rejected), 0),
    'rejected_indexes', to_jsonb(coalesce(v_rejected[1:100], '{}')));
END
$fn$;
