# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the SDK reader reads of one connection beyond its resource: its shared key and its live IKE SAs.

``ConnectionReadsMixin`` is mixed into sdk.AzureNetworkReader, which provides ``request_target``, ``describe``,
``client``, ``call``, ``warnings``, ``keys_not_read`` and ``secrets``. No Ansible import here.
"""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import lro
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import AzureSdkError
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import maskable

IKE_SAS_TIMEOUT = 300  # the getikesas read (gather_state); writes wait wait_timeout (lro.py)


class ConnectionReadsMixin:
    """A connection's shared key (only long enough to digest it) and its IKE security associations."""

    def shared_key(self, connection):
        """The connection's shared key (kept only long enough to digest it), or None with a warning."""
        parsed = self.request_target(connection["id"])
        what = "the shared key of %s" % self.describe(connection["id"])
        try:
            result = self.call(what, self.client(parsed[0]).virtual_network_gateway_connections.get_shared_key,
                               parsed[1], parsed[3])
        except AzureSdkError as exc:
            self.warnings.append("%s; pre-shared keys are not compared for it" % exc)
            self.keys_not_read.append({"connection": parsed[3], "resource_group": parsed[1], "why": str(exc)})
            return None
        value = getattr(result, "value", None)
        if value is None and isinstance(result, dict):
            value = result.get("value")
        if maskable(value):
            # never quoted (it is only digested), so a short one stays out of the list: starred wherever it occurred,
            # "HQ-S2S" made the connection 'UKSouth-********' and told the key still in force (review 2026-12-06 E1)
            self.secrets.append(value)
        return value

    def ike_sas(self, connection):
        """The live IKE SAs of a connection (the getikesas long-running operation), parsed."""
        parsed = self.request_target(connection["id"])
        what = "the IKE security associations of %s" % self.describe(connection["id"])
        operations = self.client(parsed[0]).virtual_network_gateway_connections

        def run():
            # cls: take the final response body as JSON ourselves (Azure returns a JSON
            # string holding a JSON list; a lab or a newer API may return the list itself).
            poller = operations.begin_get_ike_sas(
                parsed[1], parsed[3], cls=lambda pipeline_response, _deserialized, _headers:
                lro.final_body(pipeline_response.http_response))
            poller.wait(timeout=IKE_SAS_TIMEOUT)
            if not poller.done():
                raise AzureSdkError("%s did not finish within %d s" % (what, IKE_SAS_TIMEOUT), code="Timeout")
            return poller.result()

        return normalize_ike_sas(self.call(what, run))


def normalize_ike_sas(result):
    """IKE SAs as a list: Azure's JSON-in-a-string, a list, {"Data": [...]} or {"value": [...]}."""
    for _attempt in range(2):  # Azure double-encodes: a JSON string holding JSON
        if isinstance(result, (bytes, bytearray)):
            result = result.decode("utf-8", "replace")
        if isinstance(result, str):
            text = result.strip()
            if not text:
                return []
            try:
                result = json.loads(text)
            except ValueError:
                return [{"raw": text}]
    if isinstance(result, dict):
        # {"Status": "Successful", "Data": [...]} as the operation result, or a list wrapper
        for key in [k for k in result if isinstance(k, str) and k.casefold() in ("data", "value")]:
            value = result[key]
            if value is None:
                return []
            return normalize_ike_sas(value) if isinstance(value, (str, list)) else [value]
        return [result]
    if isinstance(result, list):
        return result
    return [] if result is None else [{"raw": result}]
