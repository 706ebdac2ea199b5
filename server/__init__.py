"""The backend's HTTP side (`festival-server`): the kiosk gateway (`POST /rpc/{function}`).

Never imports Qt. See server/gateway.py for the gateway and server/main.py for the command."""
