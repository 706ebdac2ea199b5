"""The backend database: migrations, demo data, embedded server and admin commands."""
