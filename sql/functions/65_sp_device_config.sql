-- What a kiosk needs to work, online or off. "config_version" is a digest of the
-- rest: it changes exactly when something in the answer changes. The event's
-- "cash_denominations" (an extra key) are the notes and coins a checkpoint counts.
CREATE OR REPLACE FUNCTION sp_device_config(p_device_id text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $fn$
DECLARE
  v_device record;
  v_event  jsonb;
  v_config jsonb;
BEGIN
  v_config := device_call_error(p_device_id);
  IF v_config IS NOT NULL THEN
    RETURN v_config;
  END IF;
  SELECT device_id, name, role, point_of_sale_id, checkpoint_id INTO v_device
    FROM devices WHERE device_id = p_device_id AND enabled;
  PERFORM note_device_seen(p_device_id);
  SELECT jsonb_build_object(
           'name', name, 'currency', currency, 'max_balance_cents', max_balance_cents,
           'offline_card_limit_cents', offline_card_limit_cents,
           'offline_device_limit_cents', offline_device_limit_cents,
           'starts_at', starts_at, 'ends_at', ends_at,
           'offline_cache_max_age_s', offline_cache_max_age_s,
           'self_void_window_s', self_void_window_s, 'refund_deadline', refund_deadline,
           -- the notes and coins of a close-out's count, largest first (22_cash_shift_helpers)
           'cash_denominations', to_jsonb(cash_denominations(currency)))
    INTO v_event FROM event_settings;
  IF v_event IS NULL THEN
    RETURN kiosk_error('UNAUTHORIZED', 'the event is not configured yet');
  END IF;

  v_config := jsonb_build_object(
    'device', jsonb_build_object('device_id', v_device.device_id, 'name', v_device.name,
                                 'role', v_device.role, 'enabled', true)
              || CASE WHEN v_device.role = 'bar'
                      THEN jsonb_build_object('point_of_sale_id', v_device.point_of_sale_id)
                      ELSE jsonb_build_object('checkpoint_id', v_device.checkpoint_id) END,
    'event', v_event,
    'products', coalesce((
      SELECT jsonb_agg(jsonb_build_object('product_id', product_id, 'name', name,
                                          'price_cents', price_cents, 'category', category,
                                          'kind', kind)
                       ORDER BY sort_order, product_id)
        FROM products
       WHERE v_device.role = 'bar' AND point_of_sale_id = v_device.point_of_sale_id AND active),
      '[]'::jsonb),
    'staff', coalesce((
      SELECT jsonb_agg(jsonb_build_object('staff_id', staff_id, 'name', name, 'role', role,
                                          -- only the roles that may log in offline get a hash
                                          'pin_hash', CASE WHEN role IN ('bar', 'cashier') THEN pin_hash END,
                                          'card_uid', card_uid)
                       ORDER BY staff_id)
        FROM staff
       WHERE enabled
         AND role = ANY (roles_for_device(v_device.role))),
      '[]'::jsonb));
  RETURN jsonb_build_object('success', true) || v_config
         || jsonb_build_object('config_version', left(md5(v_config::text), 16));
END
$fn$;
