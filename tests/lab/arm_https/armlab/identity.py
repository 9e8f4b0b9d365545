# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Entra ID endpoints and bearer-token checks of the service."""

from __future__ import annotations

import base64
import hmac
import time
from urllib.parse import parse_qs, unquote, urlsplit

from .common import ARM_AUDIENCES, Response, _arm_time, aad_error, arm_error


class IdentityMixin:
    # ---- Entra ID
    def _tenant_ok(self, tenant):
        return tenant.lower() in (self.args.tenant.lower(), "organizations", "common")

    def openid_configuration(self, req, tenant, v2):
        if not self._tenant_ok(tenant):
            return aad_error(400, "invalid_tenant", 90002,
                             "Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing "
                             "into the correct cloud. Check with your subscription administrator, this may happen if "
                             "there are no active subscriptions for the tenant." % tenant)
        base = req.base_url + "/" + self.args.tenant
        suffix = "/v2.0" if v2 else ""
        return Response(200, {
            "token_endpoint": base + "/oauth2%s/token" % suffix,
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": base + "/discovery%s/keys" % suffix,
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": (base + "/v2.0") if v2 else "https://sts.windows.net/%s/" % self.args.tenant,
            "request_uri_parameter_supported": False,
            "authorization_endpoint": base + "/oauth2%s/authorize" % suffix,
            "device_authorization_endpoint": base + "/oauth2%s/devicecode" % suffix,
            "end_session_endpoint": base + "/oauth2%s/logout" % suffix,
            "http_logout_supported": True,
            "frontchannel_logout_supported": True,
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid"],
            "tenant_region_scope": "EU",
            "cloud_instance_name": "microsoftonline.com",
            "cloud_graph_host_name": "graph.windows.net",
            "msgraph_host": "graph.microsoft.com",
            "rbac_url": "https://pas.windows.net",
        })

    def instance_discovery(self, req):
        host = urlsplit(req.base_url).netloc
        return Response(200, {
            "tenant_discovery_endpoint": req.base_url + "/%s/v2.0/.well-known/openid-configuration" % self.args.tenant,
            "api-version": "1.1",
            "metadata": [{"preferred_network": host, "preferred_cache": host, "aliases": [host]}],
        })

    def token(self, req, tenant, v2):
        if not self._tenant_ok(tenant):
            return aad_error(400, "invalid_request", 90002, "Tenant '%s' not found." % tenant)
        content_type = (req.header("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            return aad_error(400, "invalid_request", 900144,
                             "The request body must contain the following parameter: 'grant_type'.")
        form = {k: v[-1] for k, v in parse_qs(req.body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        auth = req.header("Authorization") or ""
        if auth.lower().startswith("basic "):
            try:
                user, password = base64.b64decode(auth[6:]).decode("utf-8").split(":", 1)
                client_id, client_secret = unquote(user), unquote(password)
            except (ValueError, UnicodeError):
                pass
        req.log["client_id"] = client_id
        req.log["grant_type"] = form.get("grant_type")
        if form.get("grant_type") != "client_credentials":
            return aad_error(400, "unsupported_grant_type", 70003,
                             "The app requested an unsupported grant type '%s'." % form.get("grant_type"))
        if not client_id:
            return aad_error(400, "invalid_request", 900144,
                             "The request body must contain the following parameter: 'client_id'.")
        if client_id.lower() != self.args.client_id.lower():
            return aad_error(400, "unauthorized_client", 700016,
                             "Application with identifier '%s' was not found in the directory '%s'. This can happen "
                             "if the application has not been installed by the administrator of the tenant or "
                             "consented to by any user in the tenant. You may have sent your authentication request "
                             "to the wrong tenant." % (client_id, self.args.tenant))
        if not client_secret:
            return aad_error(401, "invalid_client", 7000218,
                             "The request body must contain the following parameter: 'client_assertion' or "
                             "'client_secret'.")
        if not hmac.compare_digest(client_secret.encode("utf-8"), self.args.client_secret.encode("utf-8")):
            return aad_error(401, "invalid_client", 7000215,
                             "Invalid client secret provided. Ensure the secret being sent in the request is the "
                             "client secret value, not the client secret ID, for a secret added to app '%s'." % client_id)
        if v2:
            scopes = form.get("scope", "").split()
            resource = next((s[:-len("/.default")] for s in scopes if s.endswith("/.default")), None)
            req.log["scope"] = form.get("scope")
            if resource is None:
                return aad_error(400, "invalid_scope", 1002012,
                                 "The provided value for scope %s is not valid. Client credential flows must have a "
                                 "scope value with /.default suffixed to the resource identifier (application ID "
                                 "URI)." % form.get("scope", ""))
        else:
            resource = form.get("resource", "")
            req.log["resource"] = resource
        if not self._audience_ok(resource):
            return aad_error(400, "invalid_resource", 500011,
                             "The resource principal named %s was not found in the tenant named %s. This can happen "
                             "if the application has not been installed by the administrator of the tenant or "
                             "consented to by any user in the tenant. You might have sent your authentication "
                             "request to the wrong tenant." % (resource, self.args.tenant))
        audience = resource if resource.endswith("/") else resource + "/"
        lifetime = self.tokens.lifetime
        return Response(200, {"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime,
                              "access_token": self.tokens.issue(audience)},
                        headers={"Cache-Control": "no-store, no-cache", "Pragma": "no-cache"})

    def managed_identity_token(self, req):
        """``GET /msi/token?api-version=2019-08-01&resource=R`` with header ``X-IDENTITY-HEADER``: the App Service
        managed identity protocol azure-identity speaks when IDENTITY_ENDPOINT and IDENTITY_HEADER are set
        (learn.microsoft.com/azure/app-service/overview-managed-identity, "REST endpoint reference"). The header's
        value is the lab's client secret; the token is the service principal's (same tenant, same roles)."""
        query = req.query_lower
        header = req.header("X-IDENTITY-HEADER") or ""
        req.log["grant_type"] = "managed_identity"
        if not hmac.compare_digest(header.encode("utf-8"), self.args.client_secret.encode("utf-8")):
            return Response(401, {"statusCode": 401, "message": "Unauthorized: the X-IDENTITY-HEADER is wrong."})
        resource = query.get("resource", "")
        req.log["resource"] = resource
        if not self._audience_ok(resource):
            return Response(400, {"statusCode": 400, "message": "No managed identity token for resource %s." % resource})
        audience = resource if resource.endswith("/") else resource + "/"
        lifetime = self.tokens.lifetime
        return Response(200, {"access_token": self.tokens.issue(audience), "expires_on": str(int(time.time()) + lifetime),
                              "resource": resource, "token_type": "Bearer", "client_id": self.args.client_id})

    def _audience_ok(self, audience):
        audience = (audience or "").rstrip("/").lower()
        bases = {self.base_url.lower(), self.base_url.lower().replace("127.0.0.1", "localhost")}
        return audience in bases or audience in ARM_AUDIENCES

    # ---- ARM
    def authenticate(self, req):
        """None when the bearer token is good, else the 401 response ARM gives."""
        def reject(code, message, fault=None):
            challenge = ('Bearer authorization_uri="%s/%s", error="invalid_token", error_description="%s"' % (
                req.base_url, self.args.tenant, message.replace('"', "'")))
            return arm_error(401, code, message, headers={"WWW-Authenticate": challenge}, fault=fault)

        auth = req.header("Authorization")
        if not auth:
            return reject("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.")
        scheme, token = (auth.split(" ", 1) + [""])[:2]
        if scheme.lower() != "bearer" or not token.strip():
            return reject("AuthenticationFailed",
                          "Authentication failed. The 'Authorization' header is provided in an invalid format.")
        if self.faults.flag("bad_token"):
            return reject("InvalidAuthenticationToken", "The access token is invalid.", fault="bad_token")
        claims = self.tokens.verify(token.strip())
        if claims is None:
            return reject("InvalidAuthenticationToken", "The access token is invalid.")
        req.log["client_id"] = claims.get("appid")
        now = time.time()
        if self.faults.flag("expired_token") or claims.get("exp", 0) <= now:
            return reject("ExpiredAuthenticationToken",
                          "The access token expiry UTC time '%s' is earlier than current UTC time '%s'." % (
                              _arm_time(claims.get("exp", 0)), _arm_time(now)),
                          fault="expired_token" if self.faults.flag("expired_token") else None)
        if not self._audience_ok(claims.get("aud")):
            return reject("InvalidAuthenticationTokenAudience",
                          "The access token has been obtained for wrong audience or resource '%s'. It should exactly "
                          "match with one of the allowed audiences 'https://management.core.windows.net/',"
                          "'https://management.core.windows.net','https://management.azure.com/',"
                          "'https://management.azure.com'." % claims.get("aud"))
        if str(claims.get("tid", "")).lower() != self.args.tenant.lower():
            return reject("InvalidAuthenticationTokenTenant",
                          "The access token is from the wrong issuer '%s'. It must match the tenant "
                          "'https://sts.windows.net/%s/' associated with this subscription." % (
                              claims.get("iss"), self.args.tenant))
        return None
