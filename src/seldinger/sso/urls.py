from django.urls import path

from seldinger.sso import oidc, saml

app_name = "sso"

# Each answers 404 while its protocol is not configured.
urlpatterns = [
    path("oidc/login/", oidc.OidcLoginView.as_view(), name="oidc_login"),
    path("oidc/callback/", oidc.OidcCallbackView.as_view(), name="oidc_callback"),
    path("saml/login/", saml.SamlLoginView.as_view(), name="saml_login"),
    path("saml/acs/", saml.SamlAcsView.as_view(), name="saml_acs"),
    path("saml/metadata/", saml.SamlMetadataView.as_view(), name="saml_metadata"),
]
