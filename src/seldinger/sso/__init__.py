"""Single sign-on with the hospital's identity provider (OpenID Connect and SAML 2.0)."""
