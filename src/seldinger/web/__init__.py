"""The web shell: base templates, navigation, home page, error pages, static files."""
