"""Everything between the kiosk and the backend; never imports Qt."""
