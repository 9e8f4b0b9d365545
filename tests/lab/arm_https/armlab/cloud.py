# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the Azure CLI asks of a cloud before it sends any Microsoft.Network request.

* ``GET /metadata/endpoints?api-version=...``: the cloud's endpoints, unauthenticated, as ARM serves
  them to ``az cloud register --endpoint-resource-manager URL`` (the Azure Stack Hub way of registering
  a cloud).  From 2022-09-01 the answer is the one cloud object; earlier versions give a list of clouds
  (azure-cli-core ``cloud._arm_to_cli_mapper`` reads ``name``, ``authentication.loginEndpoint``,
  ``authentication.audiences[0]``, ``resourceManager``, ``suffixes`` and optional endpoints).
* ``GET /subscriptions?api-version=...`` (Subscriptions - List): what ``az login`` lists; every
  subscription the lab serves, each with the token's tenant.
* ``GET /tenants?api-version=...`` (Tenants - List): the lab's one tenant.
"""

from __future__ import annotations

from .common import API_VERSION_RE, Response, arm_error

LAB_CLOUD_NAME = "VpnalignLab"
# From this api-version on ARM answers with the one cloud object (azure-cli sends 2022-09-01).
SINGLE_CLOUD_API_VERSION = "2022-09-01"


class CloudMixin:
    def metadata_endpoints(self, req):
        version = req.api_version
        if not version:
            return arm_error(400, "MissingApiVersionParameter",
                             "The api-version query parameter (?api-version=) is required for all requests.")
        if not API_VERSION_RE.match(version):
            return arm_error(400, "InvalidApiVersionParameter", "The api-version '%s' is invalid." % version)
        base = req.base_url
        cloud = {
            "name": LAB_CLOUD_NAME,
            "portal": base,
            "resourceManager": base + "/",
            "authentication": {"loginEndpoint": base + "/", "audiences": [base + "/"], "tenant": "common",
                               "identityProvider": "AAD"},
            "graphAudience": base + "/",
            "graph": base + "/",
            "suffixes": {"storage": "lab.invalid", "keyVaultDns": "vault.lab.invalid",
                         "acrLoginServer": "azurecr.lab.invalid"},
        }
        return Response(200, cloud if version >= SINGLE_CLOUD_API_VERSION else [cloud])

    def _list_api_version_error(self, req):
        if not req.api_version:
            return arm_error(400, "MissingApiVersionParameter",
                             "The api-version query parameter (?api-version=) is required for all requests.")
        return None

    def list_subscriptions(self, req):
        error = self.authenticate(req) or self._list_api_version_error(req)
        if error is not None:
            return error
        if self.faults.take("forbidden", req) is not None:
            return arm_error(403, "AuthorizationFailed",
                             "The client '%s' with object id '%s' does not have authorization to perform action "
                             "'Microsoft.Resources/subscriptions/read' over scope '/' or the scope is invalid." % (
                                 self.args.client_id, self.tokens.object_id), fault="forbidden")
        states = self.faults.setting("subscription_states") or {}
        # a subscription the token holds no role on is not listed (null in subscription_states)
        items = [self.subscription_body(sub) for sub in sorted(self.store.subscriptions)
                 if states.get(sub.lower(), "Enabled") is not None]
        return Response(200, {"value": items}, headers=self._headers(req))

    def subscription_state(self, sub):
        """The subscription's state (subscription_states fault), None when the token holds no role on it."""
        return (self.faults.setting("subscription_states") or {}).get(sub.lower(), "Enabled")

    def subscription_refusal(self, req, sub, action):
        """ARM's answer for a request the subscription's state refuses, else None: 403 on a subscription without a
        role; on a Disabled (or Deleted) one every PUT, PATCH or POST is 409 ReadOnlyDisabledSubscription
        (learn.microsoft.com/azure/cost-management-billing/manage/subscription-states: GET and DELETE only)."""
        state = self.subscription_state(sub)
        if state is None:
            return arm_error(403, "AuthorizationFailed",
                             "The client '%s' with object id '%s' does not have authorization to perform action '%s' "
                             "over scope '/subscriptions/%s' or the scope is invalid. If access was recently granted, "
                             "please refresh your credentials." % (self.args.client_id, self.tokens.object_id, action,
                                                                   sub))
        if state in ("Disabled", "Deleted") and req.method in ("PUT", "PATCH", "POST"):
            return arm_error(409, "ReadOnlyDisabledSubscription",
                             "The subscription '%s' is disabled and therefore marked as read only. You cannot perform "
                             "any write actions on this subscription until it is re-enabled." % sub)
        return None

    def subscription_body(self, sub):
        spelled = next((s for s in [self.args.subscription] if s.lower() == sub.lower()), sub)
        return {"id": "/subscriptions/" + spelled, "authorizationSource": "RoleBased", "managedByTenants": [],
                "subscriptionId": spelled, "tenantId": self.args.tenant, "displayName": "vpnalign lab",
                "state": self.subscription_state(sub) or "Enabled",
                "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": "PayAsYouGo_2014-09-01",
                                         "spendingLimit": "Off"}}

    def list_tenants(self, req):
        error = self.authenticate(req) or self._list_api_version_error(req)
        if error is not None:
            return error
        tenant = self.args.tenant
        return Response(200, {"value": [{"id": "/tenants/" + tenant, "tenantId": tenant, "tenantCategory": "Home",
                                         "countryCode": "GB", "displayName": "vpnalign lab",
                                         "domains": ["vpnalignlab.onmicrosoft.com"],
                                         "defaultDomain": "vpnalignlab.onmicrosoft.com", "tenantType": "AAD"}]},
                        headers=self._headers(req))
