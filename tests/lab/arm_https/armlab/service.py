# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ARM service: dispatch, authentication, GET and list; PUT, validation, operations and
IKE SAs are mixins in put.py, validation.py and operations.py; the VPN troubleshoot and the Log
Analytics query API are in diagnostics.py."""

from __future__ import annotations

import copy
import email.utils
import re
import time
from urllib.parse import quote, urlencode

from .cloud import CloudMixin
from .common import API_VERSION_RE, RESOURCE_TYPES, Response, _fmt_seconds, aad_error, arm_error
from .diagnostics import DiagnosticsMixin
from .identity import IdentityMixin
from .operations import OperationsMixin
from .put import PutMixin
from .store import parse_resource_id, resource_id
from .validation import ValidationMixin
from .write_faults import lost_answer


LIST_ENTITY_PROPERTIES = {
    # VirtualNetworkGatewayConnectionListEntityPropertiesFormat: what .../connections of a gateway returns
    "authorizationKey", "virtualNetworkGateway1", "virtualNetworkGateway2", "localNetworkGateway2",
    "connectionType", "connectionProtocol", "routingWeight", "connectionMode", "connectionStatus",
    "tunnelConnectionStatus", "egressBytesTransferred", "ingressBytesTransferred", "peer", "enableBgp",
    "gatewayCustomBgpIpAddresses", "usePolicyBasedTrafficSelectors", "ipsecPolicies", "trafficSelectorPolicies",
    "resourceGuid", "provisioningState", "expressRouteGatewayBypass", "enablePrivateLinkFastPath",
    "routingConfiguration",
}


# A list of connections (a resource group's, a subscription's) leaves out the live status and counters, which a GET of
# one connection has: `az network vpn-connection list` shows "connectionStatus": null (Azure/azure-cli issues 2061 and
# 3226; Azure/azure-powershell issue 2581, "only if the -Name parameter is omitted").
LIST_LEAVES_OUT = ("connectionStatus", "ingressBytesTransferred", "egressBytesTransferred", "tunnelConnectionStatus")


class Service(CloudMixin, IdentityMixin, PutMixin, ValidationMixin, OperationsMixin, DiagnosticsMixin):
    def __init__(self, args, store, faults, tokens, base_url):
        self.args = args
        self.store = store
        self.faults = faults
        self.tokens = tokens
        self.base_url = base_url
        self.retry_after_ms = args.lro_retry_after_ms
        self.clear_diagnostics()

    # ---- entry point
    def dispatch(self, req):
        response = self._pre_faults(req)
        if response is not None:
            return response
        lower = req.lower
        if len(lower) >= 2 and lower[0] == "subscriptions":
            return self.arm(req)
        if lower == ["subscriptions"] and req.method == "GET":
            return self.list_subscriptions(req)
        if lower == ["msi", "token"] and req.method == "GET":
            return self.managed_identity_token(req)
        if lower == ["tenants"] and req.method == "GET":
            return self.list_tenants(req)
        if len(lower) == 4 and lower[0] == "v1" and lower[1] == "workspaces" and lower[3] == "query":
            return self.log_query(req, req.segments[2])
        if lower == ["metadata", "endpoints"] and req.method == "GET":
            return self.metadata_endpoints(req)
        if len(lower) == 4 and lower[1:] == ["v2.0", ".well-known", "openid-configuration"] and req.method == "GET":
            return self.openid_configuration(req, lower[0], v2=True)
        if len(lower) == 3 and lower[1:] == [".well-known", "openid-configuration"] and req.method == "GET":
            return self.openid_configuration(req, lower[0], v2=False)
        if len(lower) == 3 and lower[0] == "common" and lower[1:] == ["discovery", "instance"] and req.method == "GET":
            return self.instance_discovery(req)
        if len(lower) == 4 and lower[1:] == ["oauth2", "v2.0", "token"] and req.method == "POST":
            return self.token(req, req.segments[0], v2=True)
        if len(lower) == 3 and lower[1:] == ["oauth2", "token"] and req.method == "POST":
            return self.token(req, req.segments[0], v2=False)
        return arm_error(404, "NotFound", "The requested path '%s' was not found." % req.path)

    def _pre_faults(self, req):
        aad = not (req.lower and req.lower[0] in ("subscriptions", "tenants", "metadata", "v1"))  # v1: Log Analytics
        rule = self.faults.take("throttle", req)
        if rule is not None:
            retry_after = rule.get("retry_after", 1)
            headers = {"Retry-After": _retry_after_header(rule, retry_after)}
            if aad:
                return aad_error(429, "temporarily_unavailable", 50196,
                                 "The server terminated an operation because it encountered a client request loop.",
                                 fault="throttle").with_headers(headers)
            headers["x-ms-ratelimit-remaining-subscription-reads"] = "0"
            return arm_error(429, "SubscriptionRequestsThrottled",
                             "Number of '%s' requests for subscription '%s' actor '%s' exceeded. Please try again "
                             "after '%s' seconds after additional tokens are available. Refer to "
                             "https://aka.ms/arm-throttling for additional information." % (
                                 "read" if req.method == "GET" else "write", self.args.subscription,
                                 self.tokens.object_id, _fmt_seconds(retry_after)),
                             headers=headers, fault="throttle")
        rule = self.faults.take("server_error", req)
        if rule is not None:
            status = rule["status"]
            headers = ({"Retry-After": _retry_after_header(rule, rule["retry_after"])} if rule.get("retry_after") is not None
                       else {})
            if aad:
                return aad_error(status, "temporarily_unavailable", 50001,
                                 "The service is temporarily unavailable.", fault="server_error").with_headers(headers)
            if status == 503:
                return arm_error(503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry later.",
                                 headers=headers, fault="server_error")
            if status == 500:
                return arm_error(500, "InternalServerError", "An error has occurred. Please retry the request.",
                                 headers=headers, fault="server_error")
            return arm_error(status, "GatewayTimeout" if status == 504 else "BadGateway",
                             "The gateway did not receive a response within the specified time period.",
                             headers=headers, fault="server_error")
        return None

    def arm(self, req):
        response = self.authenticate(req)
        if response is not None:
            return response
        segs = req.segments
        sub = segs[1]
        if sub.lower() not in self.store.subscriptions:
            return arm_error(404, "SubscriptionNotFound", "The subscription '%s' could not be found." % sub)
        version = req.api_version
        if not version:
            return arm_error(400, "MissingApiVersionParameter",
                             "The api-version query parameter (?api-version=) is required for all requests.")
        if not API_VERSION_RE.match(version):
            return arm_error(400, "InvalidApiVersionParameter",
                             "The api-version '%s' is invalid. The supported versions are '2026-03-01,...'." % version)
        route = self.route(req)
        if isinstance(route, Response):
            return route
        handler, action = route
        refused = self.subscription_refusal(req, sub, action)
        if refused is not None:
            return refused
        rule = self.faults.take("forbidden", req)
        if rule is not None:
            return arm_error(403, "AuthorizationFailed",
                             "The client '%s' with object id '%s' does not have authorization to perform action '%s' "
                             "over scope '%s' or the scope is invalid. If access was recently granted, please refresh "
                             "your credentials." % (self.args.client_id, self.tokens.object_id, action,
                                                    req.path.rstrip("/")), fault="forbidden")
        with self.store.lock:
            self.store.expire_operations()
            if len(segs) >= 4 and req.lower[2] == "resourcegroups" and self.faults.take("group_deleted", req):
                req.log["fault"] = "group_deleted"
                req.log["group_deleted"] = self.store.delete_group(sub, segs[3])
            return lost_answer(self.faults, req, handler(), arm_error)

    def route(self, req):
        """(handler, RBAC action) for an ARM path, or an error Response."""
        segs, lower, method = req.segments, req.lower, req.method
        n = len(segs)
        sub = segs[1]

        def not_allowed():
            return arm_error(405, "MethodNotAllowed",
                             "The requested resource does not support http method '%s'." % method)

        if n == 2:
            if method != "GET":
                return not_allowed()
            return (lambda: Response(200, self.subscription_body(sub)), "Microsoft.Resources/subscriptions/read")
        if n == 3 and lower[2] == "resources":
            if method != "GET":
                return not_allowed()
            return (lambda: self.generic_resources(req, sub), "Microsoft.Resources/subscriptions/resources/read")
        if n >= 4 and lower[2] == "providers" and lower[3] == "microsoft.network":
            if n == 5:
                type_key = lower[4]
                if type_key not in RESOURCE_TYPES:
                    return self._bad_type(segs[4], req)
                if method != "GET":
                    return not_allowed()
                return (lambda: self.list(req, type_key, sub, None), "Microsoft.Network/%s/read" % RESOURCE_TYPES[type_key][0])
            if n == 8 and lower[4] == "locations" and lower[6] in ("operations", "operationresults"):
                if method != "GET":
                    return not_allowed()
                results = lower[6] == "operationresults"
                return (lambda: self.operation(req, segs[7], results),
                        "Microsoft.Network/locations/%s/read" % ("operationResults" if results else "operations"))
        if n >= 4 and lower[2] == "resourcegroups":
            rg = segs[3]
            if n == 4:
                if method != "GET":
                    return not_allowed()
                return (lambda: self.resource_group(sub, rg), "Microsoft.Resources/subscriptions/resourceGroups/read")
            if n == 9 and lower[4] == "providers" and lower[5] == "microsoft.network" \
                    and lower[6] == "networkwatchers" and lower[8] == "troubleshoot":
                if method != "POST":
                    return not_allowed()
                return (lambda: self.troubleshoot(req, sub, rg, segs[7]), "Microsoft.Network/networkWatchers/troubleshoot/action")
            if n >= 7 and lower[4] == "providers" and lower[5] == "microsoft.network":
                type_key = lower[6]
                if type_key not in RESOURCE_TYPES:
                    return self._bad_type(segs[6], req)
                type_name = RESOURCE_TYPES[type_key][0]
                if n == 7:
                    if method != "GET":
                        return not_allowed()
                    return (lambda: self.list(req, type_key, sub, rg), "Microsoft.Network/%s/read" % type_name)
                rid = resource_id(sub, rg, type_key, segs[7])
                if n == 8:
                    if method == "GET":
                        return (lambda: self.get(req, sub, rg, type_key, rid), "Microsoft.Network/%s/read" % type_name)
                    if method == "PUT":
                        return (lambda: self.put(req, sub, rg, type_key, rid, segs[7]),
                                "Microsoft.Network/%s/write" % type_name)
                    return not_allowed()
                if n == 9 and type_key == "connections" and lower[8] == "sharedkey":
                    if method == "GET":
                        return (lambda: self.get_shared_key(req, sub, rg, rid), "Microsoft.Network/connections/sharedKey/read")
                    if method == "PUT":
                        return (lambda: self.put_shared_key(req, sub, rg, rid), "Microsoft.Network/connections/sharedKey/write")
                    return not_allowed()
                if n == 9 and type_key == "connections" and lower[8] == "getikesas":
                    if method != "POST":
                        return not_allowed()
                    return (lambda: self.get_ike_sas(req, sub, rg, rid), "Microsoft.Network/connections/getikesas/action")
                if n in (9, 10) and type_key == "virtualnetworks" and lower[8] == "subnets":
                    if method != "GET":
                        return not_allowed()
                    subnet = segs[9] if n == 10 else None
                    return (lambda: self.subnets(req, sub, rg, rid, subnet), "Microsoft.Network/virtualNetworks/subnets/read")
                if n == 9 and type_key == "virtualnetworkgateways" and lower[8] == "connections":
                    if method != "GET":
                        return not_allowed()
                    return (lambda: self.gateway_connections(req, sub, rg, rid),
                            "Microsoft.Network/virtualNetworkGateways/read")
        return arm_error(404, "NotFound", "The requested resource path '%s' was not found." % req.path)

    def _bad_type(self, segment, req):
        return arm_error(400, "InvalidResourceType",
                         "The resource type '%s' could not be found in the namespace 'Microsoft.Network' for api "
                         "version '%s'." % (segment, req.api_version))

    # ---- helpers
    def _headers(self, req, resource=None, write=False):
        headers = {"x-ms-ratelimit-remaining-subscription-%s" % ("writes" if write else "reads"): "11999"}
        if resource is not None and resource.get("etag"):
            headers["ETag"] = resource["etag"]
        return headers

    def _need_group(self, sub, rg):
        if (sub.lower(), rg.lower()) not in self.store.groups:
            return arm_error(404, "ResourceGroupNotFound", "Resource group '%s' could not be found." % rg)
        return None

    def _not_found(self, type_key, name, rg):
        return arm_error(404, "ResourceNotFound",
                         "The Resource '%s/%s' under resource group '%s' was not found. For more details please go "
                         "to https://aka.ms/ARMResourceNotFoundFix" % (RESOURCE_TYPES[type_key][1], name, rg))

    def _lookup(self, sub, rg, type_key, rid):
        """(resource, None) or (None, error response)."""
        error = self._need_group(sub, rg)
        if error is not None:
            return None, error
        resource = self.store.get(rid)
        if resource is None:
            return None, self._not_found(type_key, parse_resource_id(rid)[3], rg)
        return resource, None

    def _lro_headers(self, req, op, location_header=False):
        # the operation lives in the subscription of the resource it changes (several per lab)
        resource = self.store.get(op.resource_key)
        parsed = parse_resource_id(resource["id"] if resource else op.resource_key)
        url = "%s/subscriptions/%s/providers/Microsoft.Network/locations/%s/%s/%s?api-version=%s" % (
            req.base_url, parsed[0] if parsed else self.args.subscription, op.location, "operations", op.id,
            quote(op.api_version))
        headers = {"Azure-AsyncOperation": url, "Retry-After-ms": str(self.retry_after_ms)}
        if location_header:
            headers["Location"] = url.replace("/operations/", "/operationResults/")
        return headers

    @staticmethod
    def _view(resource):
        return copy.deepcopy(resource)

    # ---- GET / list
    def resource_group(self, sub, rg):
        error = self._need_group(sub, rg)
        if error is not None:
            return error
        group = self.store.groups[(sub.lower(), rg.lower())]
        return Response(200, {"id": "/subscriptions/%s/resourceGroups/%s" % (sub, group["name"]), "name": group["name"],
                              "type": "Microsoft.Resources/resourceGroups", "location": group["location"],
                              "properties": {"provisioningState": "Succeeded"}})

    def get(self, req, sub, rg, type_key, rid):
        resource, error = self._lookup(sub, rg, type_key, rid)
        if error is not None:
            return error
        return Response(200, self._view(resource), headers=self._headers(req, resource))

    def _page(self, req, items):
        size = self.faults.setting("page_size")
        null_page = self.faults.setting("null_value_page")
        if not size:
            return Response(200, {"value": None if null_page == 1 else items}, headers=self._headers(req))
        try:
            start = int(req.query_lower.get("$skiptoken", "0"))
        except ValueError:
            return arm_error(400, "InvalidSkipToken", "The skip token is invalid.")
        body = {"value": None if null_page == start // size + 1 else items[start:start + size]}
        if start + size < len(items):
            # as Azure's nextLink does: the request's query ($filter, $top, ...) kept, the skip token replaced (review
            # E6: a paged subscription-wide list lost its $filter and its second page was refused)
            query = {k: v for k, v in req.query.items() if k.lower() not in ("api-version", "$skiptoken")}
            query.update({"api-version": req.api_version, "$skiptoken": str(start + size)})
            base = req.base_url
            host = self.faults.setting("next_link_host")
            if host:  # the link on another host (its port kept): a fault, Azure's stay on its endpoint
                base = re.sub(r"^(https://)[^:/]+", lambda m: m.group(1) + host, base)
            body["nextLink"] = base + quote(req.path) + "?" + urlencode(query)
        return Response(200, body, headers=self._headers(req))

    def list(self, req, type_key, sub, rg):
        if rg is not None:
            error = self._need_group(sub, rg)
            if error is not None:
                return error
        items = [self._view(r) for r in self.store.of_type(type_key, sub, rg)]
        if type_key == "connections":
            for item in items:  # what Azure's list leaves out of a connection (only a GET of it has them)
                for name in LIST_LEAVES_OUT:
                    item.get("properties", {}).pop(name, None)
        return self._page(req, items)

    def generic_resources(self, req, sub):
        """``GET /subscriptions/{s}/resources?$filter=resourceType eq 'Microsoft.Network/...'``: the subscription's
        resources of one type as Microsoft.Resources lists them (GenericResourceExpanded: id, name, type, location;
        Resources - List, api-version 2021-04-01), paged like any list. Only the resourceType filter is understood."""
        wanted = re.match(r"^\s*resourceType\s+eq\s+'([^']+)'\s*$", req.query_lower.get("$filter", ""), re.I)
        type_key = next((key for key, row in RESOURCE_TYPES.items()
                         if wanted and row[1].lower() == wanted.group(1).lower()), None)
        if type_key is None:
            return arm_error(400, "InvalidFilterInQueryString",
                             "The lab understands only $filter=resourceType eq 'Microsoft.Network/<type>'.")
        items = [{k: r.get(k) for k in ("id", "name", "type", "location")} for r in self.store.of_type(type_key, sub)]
        return self._page(req, items)

    def gateway_connections(self, req, sub, rg, rid):
        _gateway, error = self._lookup(sub, rg, "virtualnetworkgateways", rid)
        if error is not None:
            return error
        items = []
        for conn in self.store.of_type("connections", sub):
            props = conn.get("properties", {})
            refs = [(props.get(k) or {}).get("id", "") for k in ("virtualNetworkGateway1", "virtualNetworkGateway2")]
            if rid.lower() not in [str(r).lower() for r in refs]:
                continue
            entity = {k: copy.deepcopy(v) for k, v in conn.items() if k != "properties"}
            entity["properties"] = {k: copy.deepcopy(v) for k, v in props.items() if k in LIST_ENTITY_PROPERTIES}
            items.append(entity)
        return self._page(req, items)

    def subnets(self, req, sub, rg, rid, name):
        vnet, error = self._lookup(sub, rg, "virtualnetworks", rid)
        if error is not None:
            return error
        items = []
        for subnet in vnet.get("properties", {}).get("subnets") or []:
            item = copy.deepcopy(subnet)
            item.setdefault("id", "%s/subnets/%s" % (vnet["id"], item.get("name")))
            item.setdefault("type", "Microsoft.Network/virtualNetworks/subnets")
            item.setdefault("etag", vnet.get("etag"))
            items.append(item)
        if name is None:
            return self._page(req, items)
        for item in items:
            if str(item.get("name", "")).lower() == name.lower():
                return Response(200, item, headers=self._headers(req, item))
        return arm_error(404, "NotFound", "Resource %s/subnets/%s not found." % (vnet["id"], name))


def _retry_after_header(rule, seconds):
    """Retry-After as seconds, or with the rule's ``retry_after_date`` as the HTTP-date ``seconds`` from now (RFC 9110
    10.2.3; IMF-fixdate, as email.utils.formatdate(usegmt=True) writes it)."""
    if rule.get("retry_after_date"):
        return email.utils.formatdate(time.time() + float(seconds), usegmt=True)
    return _fmt_seconds(seconds)
