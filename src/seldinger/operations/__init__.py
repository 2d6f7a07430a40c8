"""Running Seldinger: the production server, request ids in the logs, the health check,
backup and restore."""
