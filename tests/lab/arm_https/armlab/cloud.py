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
        items = [self.subscription_body(sub) for sub in sorted(self.store.subscriptions)]
        return Response(200, {"value": items}, headers=self._headers(req))

    def subscription_body(self, sub):
        spelled = next((s for s in [self.args.subscription] if s.lower() == sub.lower()), sub)
        return {"id": "/subscriptions/" + spelled, "authorizationSource": "RoleBased", "managedByTenants": [],
                "subscriptionId": spelled, "tenantId": self.args.tenant, "displayName": "vpnalign lab",
                "state": "Enabled", "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01",
                                                             "quotaId": "PayAsYouGo_2014-09-01",
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
