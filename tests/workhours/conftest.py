from api_logins import api_login  # noqa: F401  (the fixture, by name)
