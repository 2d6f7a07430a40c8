// Sends the SAML request on to the identity provider (POST binding) without a click. A static
// file, not an inline script: the site's content security policy allows no inline script.
"use strict";
document.querySelectorAll("form[data-sso-autosubmit]").forEach((form) => form.submit());
