-- An IBAN in its electronic form (no spaces, uppercase) whose ISO 13616 check digits are
-- right (mod 97 = 1). The portal checks it with schwifty first (country lengths, bank
-- codes); this is the database's own guard against a caller that did not.
CREATE OR REPLACE FUNCTION is_iban(p_iban text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $fn$
DECLARE
  v_digits    text := '';
  v_rearranged text;
  v_remainder integer := 0;
  v_char      text;
  v_i         integer;
BEGIN
  IF p_iban IS NULL OR p_iban !~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$' THEN
    RETURN false;
  END IF;
  v_rearranged := substr(p_iban, 5) || substr(p_iban, 1, 4);
  FOR v_i IN 1 .. length(v_rearranged) LOOP
    v_char := substr(v_rearranged, v_i, 1);
    IF v_char ~ '[A-Z]' THEN
      v_digits := v_digits || (ascii(v_char) - 55)::text;
    ELSE
      v_digits := v_digits || v_char;
    END IF;
  END LOOP;
  FOR v_i IN 1 .. length(v_digits) LOOP
    v_remainder := (v_remainder * 10 + substr(v_digits, v_i, 1)::integer) % 97;
  END LOOP;
  RETURN v_remainder = 1;
END
$fn$;
