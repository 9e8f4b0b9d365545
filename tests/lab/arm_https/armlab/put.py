# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PUT of resources and shared keys: preconditions, full replacement, long-running operation."""

from __future__ import annotations

import copy
import json
import secrets
import uuid

from .common import RESOURCE_TYPES, Response, arm_error, etag_value, new_etag
from .schema import BodyError, RESOURCE_SCHEMAS, SHARED_KEY_SCHEMA, read_body, valid_shared_key
from .store import parse_resource_id, resource_id
from .gateways import fill_gateway, gateway_violations
from .validation import validation_error
from .write_faults import concurrent_write, maybe_stuck, refusal_quoting


CONNECTION_DEFAULTS = {
    "connectionProtocol": "IKEv2", "routingWeight": 0, "enableBgp": False, "useLocalAzureIpAddress": False,
    "usePolicyBasedTrafficSelectors": False, "ipsecPolicies": [], "trafficSelectorPolicies": [],
    "dpdTimeoutSeconds": 45, "connectionMode": "Default", "expressRouteGatewayBypass": False,
}

READ_ONLY = {
    "connections": ("connectionStatus", "tunnelConnectionStatus", "egressBytesTransferred",
                    "ingressBytesTransferred", "resourceGuid", "provisioningState"),
    "localnetworkgateways": ("resourceGuid", "provisioningState"),
}


class PutMixin:
    # ---- PUT
    def _read_json(self, req):
        if not req.body:
            return None, arm_error(400, "InvalidRequestFormat", "Cannot parse the request.",
                                   details=[{"code": "MissingJsonContent", "message": "The request content was empty."}])
        try:
            return json.loads(req.body.decode("utf-8")), None
        except (ValueError, UnicodeError) as exc:
            return None, arm_error(400, "InvalidRequestFormat", "Cannot parse the request.",
                                   details=[{"code": "InvalidJson", "message": "Invalid JSON: %s" % exc}])

    def _preconditions(self, req, existing, rid):
        if_match = req.header("If-Match")
        if_none_match = req.header("If-None-Match")
        req.log["if_match"] = if_match
        if if_none_match is not None:
            req.log["if_none_match"] = if_none_match
        if if_match is not None:
            wanted = [etag_value(t) for t in if_match.split(",") if t.strip()]
            if existing is None:
                return arm_error(412, "PreconditionFailed",
                                 "Precondition failed: If-Match was given for resource %s, which does not exist." % rid,
                                 details=[])
            if "*" not in wanted and etag_value(existing.get("etag", "")) not in wanted:
                return arm_error(412, "PreconditionFailed",
                                 "Precondition failed: the ETag %s in the If-Match header does not match the current "
                                 "ETag %s of resource %s." % (if_match, existing.get("etag"), existing.get("id")),
                                 details=[])
        if if_none_match is not None and existing is not None:
            wanted = [etag_value(t) for t in if_none_match.split(",") if t.strip()]
            if "*" in wanted or etag_value(existing.get("etag", "")) in wanted:
                return arm_error(412, "PreconditionFailed",
                                 "Precondition failed: resource %s already exists (If-None-Match: %s)." % (
                                     existing.get("id"), if_none_match), details=[])
        return None

    def put(self, req, sub, rg, type_key, rid, name):
        error = self._need_group(sub, rg)
        if error is not None:
            return error
        existing = self.store.get(rid)
        concurrent_write(self.faults, req, self.store, existing)  # another writer's PUT lands first
        error = self._preconditions(req, existing, rid)
        if error is not None:
            return error
        body, error = self._read_json(req)
        if error is not None:
            return error
        error = refusal_quoting(self.faults, req, arm_error)
        if error is not None:
            return error
        try:
            body = read_body(body, RESOURCE_SCHEMAS[type_key])
        except BodyError as exc:
            return arm_error(400, "InvalidRequestFormat", "Cannot parse the request.",
                             details=[{"code": "InvalidJson", "message": str(exc)}])
        if existing is not None:
            name = existing.get("name", name)
            rid = existing.get("id", rid)
        else:  # a new resource takes the subscription and group spelling ARM already has
            sub = next((s for s in [self.args.subscription] if s.lower() == sub.lower()), sub)
            rid = resource_id(sub, self.store.groups[(sub.lower(), rg.lower())]["name"], type_key, name)
        location = body.get("location")
        violations = []
        if not location:
            violations.append(("LocationRequired", "The location property is required for this definition.", "location"))
        else:
            location = location.replace(" ", "").lower()
            if existing is not None and str(existing.get("location", "")).replace(" ", "").lower() != location:
                violations.append(("InvalidResourceLocation",
                                   "The resource '%s' already exists in location '%s' in resource group '%s'. A "
                                   "resource with the same name cannot be created in location '%s'. Please select a "
                                   "new resource name." % (name, existing.get("location"), rg, location), "location"))
        props = body.get("properties") or {}
        shared_key = None
        if type_key == "connections":
            violations += self.validate_connection(props, existing, rid, name)
            shared_key = props.get("sharedKey")
        elif type_key == "localnetworkgateways":
            violations += self.validate_lng(props)
        elif type_key == "virtualnetworkgateways":
            violations += gateway_violations(props, name)
        if violations:
            return validation_error(violations)
        busy = self.store.busy(rid.lower())
        if busy:
            if self.faults.flag("busy_conflict"):
                op = busy[0]
                return arm_error(409, "AnotherOperationInProgress",
                                 "Another operation on this or dependent resource is in progress. To retrieve status "
                                 "of the operation use uri: %s." % self._lro_headers(req, op)["Azure-AsyncOperation"],
                                 details=[], fault="busy_conflict")
            for op in busy:
                self.store.complete(op)
        resource = self.build(type_key, rid, name, location, body, props, existing)
        if type_key == "connections" and shared_key is not None:
            self.store.shared_keys[rid.lower()] = shared_key
        elif type_key == "connections" and existing is None and rid.lower() not in self.store.shared_keys:
            self.store.shared_keys[rid.lower()] = secrets.token_urlsafe(24)
        self.store.resources[rid.lower()] = resource
        op = self.store.start_operation("put", rid.lower(), resource["etag"], location, req.api_version)
        op = maybe_stuck(self.faults, req, self.store, op)  # an operation that never finishes
        rule = self.faults.take("lro_failure", req)
        if rule is not None:
            op.error = {"code": rule.get("code") or "InternalServerError",
                        "message": rule.get("message") or "An error occurred while provisioning the resource."}
            op.ends_as = rule.get("status") or "Failed"
            req.log["fault"] = "lro_failure"
        self.store.save()
        headers = self._headers(req, resource, write=True)
        headers.update(self._lro_headers(req, op))
        return Response(200 if existing is not None else 201, self._view(resource), headers=headers)

    def build(self, type_key, rid, name, location, body, props, existing):
        """The stored resource after a PUT: a full replacement of what the caller may set."""
        new_props = {k: copy.deepcopy(v) for k, v in props.items() if v is not None}
        for key in READ_ONLY.get(type_key, ("provisioningState",)):
            new_props.pop(key, None)
        old_props = (existing or {}).get("properties", {})
        if type_key == "connections":
            new_props.pop("sharedKey", None)
            for key, default in CONNECTION_DEFAULTS.items():
                if key not in new_props:
                    new_props[key] = copy.deepcopy(old_props.get(key, default)) if key == "connectionProtocol" else copy.deepcopy(default)
            for ref in ("virtualNetworkGateway1", "virtualNetworkGateway2", "localNetworkGateway2", "peer"):
                if isinstance(new_props.get(ref), dict):
                    new_props[ref] = {"id": new_props[ref].get("id")}
            new_props["connectionStatus"] = old_props.get("connectionStatus", "Unknown")
            new_props["ingressBytesTransferred"] = old_props.get("ingressBytesTransferred", 0)
            new_props["egressBytesTransferred"] = old_props.get("egressBytesTransferred", 0)
            if "tunnelConnectionStatus" in old_props:
                new_props["tunnelConnectionStatus"] = copy.deepcopy(old_props["tunnelConnectionStatus"])
        if type_key in ("connections", "localnetworkgateways"):
            new_props["resourceGuid"] = old_props.get("resourceGuid") or str(uuid.uuid4())
        if type_key == "virtualnetworkgateways":
            fill_gateway(new_props, old_props, self.store.get)
        new_props["provisioningState"] = "Updating"
        resource = {"name": name, "id": rid, "etag": new_etag(), "type": RESOURCE_TYPES[type_key][1],
                    "location": location}
        if body.get("tags"):
            resource["tags"] = copy.deepcopy(body["tags"])
        for key in ("sku", "zones", "extendedLocation", "identity"):
            if body.get(key) is not None:
                resource[key] = copy.deepcopy(body[key])
        resource["properties"] = new_props
        return resource

    def _ref(self, rid, type_key):
        parsed = parse_resource_id(rid)
        if parsed is None or parsed[2] != type_key:
            return None
        return self.store.get(rid)

    # ---- shared key
    def get_shared_key(self, req, sub, rg, rid):
        _conn, error = self._lookup(sub, rg, "connections", rid)
        if error is not None:
            return error
        key = self.store.shared_keys.get(rid.lower())
        if key is None:
            return arm_error(404, "ResourceNotFound", "The shared key of connection %s was not found." % rid)
        return Response(200, {"value": key}, headers=self._headers(req))

    def put_shared_key(self, req, sub, rg, rid):
        conn, error = self._lookup(sub, rg, "connections", rid)
        if error is not None:
            return error
        body, error = self._read_json(req)
        if error is not None:
            return error
        try:
            body = read_body(body, SHARED_KEY_SCHEMA)
        except BodyError as exc:
            return arm_error(400, "InvalidRequestFormat", "Cannot parse the request.",
                             details=[{"code": "InvalidJson", "message": str(exc)}])
        value = body.get("value")
        if not valid_shared_key(value):
            return validation_error([("InvalidSharedKey", "The shared key must be 1 to 128 printable ASCII characters.",
                                      "value")])
        self.store.shared_keys[rid.lower()] = value
        op = self.store.start_operation("sharedkey", rid.lower(), None, conn.get("location"), req.api_version)
        headers = self._headers(req, write=True)
        headers.update(self._lro_headers(req, op))
        return Response(201, {"value": value}, headers=headers)
