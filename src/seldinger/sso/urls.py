from django.urls import path

from seldinger.sso import oidc, saml

app_name = "sso"

# Each answers 404 while its protocol is not configured.
urlpatterns = [
    path("oidc/login/", oidc.OidcLoginView.as_view(), name="oidc_login"),
    path("oidc/callback/", oidc.OidcCallbackView.as_view(), name="oidc_callback"),
    path("oidc/logout/", oidc.OidcLogoutView.as_view(), name="oidc_logout"),
    path("oidc/logged-out/", oidc.OidcLoggedOutView.as_view(), name="oidc_logged_out"),
    path("saml/login/", saml.SamlLoginView.as_view(), name="saml_login"),
    path("saml/acs/", saml.SamlAcsView.as_view(), name="saml_acs"),
    path("saml/logout/", saml.SamlLogoutView.as_view(), name="saml_logout"),
    path("saml/sls/", saml.SamlSingleLogoutServiceView.as_view(), name="saml_sls"),
    path("saml/metadata/", saml.SamlMetadataView.as_view(), name="saml_metadata"),
]
