"""The attendee portal at `/`: card lookup, balance and history, top-up, refund request."""
