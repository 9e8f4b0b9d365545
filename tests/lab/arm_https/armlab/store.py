# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""State: resources, shared keys, long-running operations."""

from __future__ import annotations

import copy
import json
import secrets
import threading
import time
import uuid

from .auth import _write_file
from .common import LabError, RESOURCE_TYPES, new_etag
from .gateways import fill_gateway


# --------------------------------------------------------------------------------------------
# State: resources, shared keys, long-running operations
# --------------------------------------------------------------------------------------------

def parse_resource_id(rid):
    """(subscription, resource group, type key, name) of a Microsoft.Network resource id, or None."""
    if not isinstance(rid, str):
        return None
    parts = [p for p in rid.split("/") if p]
    lower = [p.lower() for p in parts]
    if (len(parts) == 8 and lower[0] == "subscriptions" and lower[2] == "resourcegroups" and lower[4] == "providers"
            and lower[5] == "microsoft.network" and lower[6] in RESOURCE_TYPES):
        return parts[1], parts[3], lower[6], parts[7]
    return None


def resource_id(sub, rg, type_key, name):
    return "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/%s/%s" % (
        sub, rg, RESOURCE_TYPES[type_key][0], name)


class Operation:
    def __init__(self, kind, resource_key, etag, location, api_version):
        self.id = str(uuid.uuid4())
        self.kind = kind                # "put" or "post"
        self.resource_key = resource_key
        self.etag = etag                # version of the resource this operation produces
        self.location = location or "westus"
        self.api_version = api_version
        self.polls = 0
        self.status = "InProgress"
        self.start = time.time()
        self.end = None
        self.result = None              # POST: response body (JSON value)
        self.error = None               # {"code", "message"} when it fails
        self.ends_as = "Failed"         # how it ends when it fails: Failed or Canceled


class Store:
    def __init__(self, resources, subscription, in_progress_polls=1, lro_timeout=10.0, state_file=None):
        self.lock = threading.RLock()
        self.subscription = subscription
        self.in_progress_polls = in_progress_polls
        self.lro_timeout = lro_timeout
        self.state_file = state_file
        self.started = time.time()
        self.initial = copy.deepcopy(resources)
        self.load(resources)

    def load(self, resources):
        if not isinstance(resources, list):
            raise LabError("the resources file must hold a JSON list of ARM resources")
        with self.lock:
            self.resources = {}          # lower-case id -> resource (ARM GET shape)
            self.extra = []              # entries of other types, kept for resources()
            self.groups = {}             # (sub, rg) lower -> {"name", "location"}
            self.shared_keys = {}        # lower-case connection id -> key
            self.operations = {}
            self.subscriptions = {self.subscription.lower()}
            for index, item in enumerate(resources):
                if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                    raise LabError("resource #%d has no id" % index)
                rid = item["id"]
                lower = [p.lower() for p in rid.split("/") if p]
                if len(lower) == 4 and lower[0] == "subscriptions" and lower[2] == "resourcegroups":
                    parts = [p for p in rid.split("/") if p]
                    self._group(parts[1], parts[3], item.get("location"))
                    continue
                parsed = parse_resource_id(rid)
                if parsed is None:
                    self.extra.append(copy.deepcopy(item))
                    continue
                sub, rg, type_key, name = parsed
                self.subscriptions.add(sub.lower())
                self._group(sub, rg, item.get("location"))
                resource = copy.deepcopy(item)
                resource.setdefault("name", name)
                resource.setdefault("type", RESOURCE_TYPES[type_key][1])
                resource.setdefault("etag", new_etag())
                props = resource.setdefault("properties", {})
                if not isinstance(props, dict):
                    raise LabError("resource %s: properties must be an object" % rid)
                props.setdefault("provisioningState", "Succeeded")
                if type_key == "connections":
                    # Every IPsec connection has a pre-shared key; GET never shows it.  Give one
                    # in the file as properties.sharedKey, or the lab makes up a random one.
                    key = props.pop("sharedKey", None)
                    if key is None and props.get("connectionType", "IPsec") in ("IPsec", "Vnet2Vnet"):
                        key = secrets.token_urlsafe(24)
                    if key is not None:
                        self.shared_keys[rid.lower()] = key
                self.resources[rid.lower()] = resource
            for resource in self.resources.values():
                # what Azure derives (default BGP and tunnel addresses) when a seed leaves it out
                if str(resource.get("type", "")).lower() == "microsoft.network/virtualnetworkgateways":
                    fill_gateway(resource["properties"], resource["properties"], self.get)
            self.save()

    def _group(self, sub, rg, location):
        key = (sub.lower(), rg.lower())
        if key not in self.groups:
            self.groups[key] = {"name": rg, "location": (location or "westus")}

    def delete_group(self, sub, rg):
        """Remove a resource group and everything in it (the ``group_deleted`` fault); whether it existed."""
        with self.lock:
            if self.groups.pop((sub.lower(), rg.lower()), None) is None:
                return False
            prefix = "/subscriptions/%s/resourcegroups/%s/" % (sub.lower(), rg.lower())
            for key in [k for k in self.resources if k.startswith(prefix)]:
                del self.resources[key]
                self.shared_keys.pop(key, None)
            self.save()
            return True

    def reset(self):
        self.load(copy.deepcopy(self.initial))

    def replace(self, resources):
        """Serve ``resources`` from now on; ``reset`` goes back to them."""
        with self.lock:
            self.load(copy.deepcopy(resources))
            self.initial = copy.deepcopy(resources)

    def save(self):
        if self.state_file:
            _write_file(self.state_file, json.dumps(self.dump(), indent=2) + "\n")

    def dump(self):
        with self.lock:
            return [copy.deepcopy(r) for r in self.resources.values()] + copy.deepcopy(self.extra)

    def get(self, rid):
        return self.resources.get(rid.lower()) if rid else None

    def of_type(self, type_key, sub, rg=None):
        prefix = "/subscriptions/%s/resourcegroups/%s/" % (sub.lower(), rg.lower()) if rg else "/subscriptions/%s/" % sub.lower()
        kind = RESOURCE_TYPES[type_key][1].lower()
        return [r for key, r in self.resources.items()
                if key.startswith(prefix) and str(r.get("type", "")).lower() == kind]

    # ---- long-running operations
    def start_operation(self, kind, resource_key, etag, location, api_version):
        op = Operation(kind, resource_key, etag, location, api_version)
        self.operations[op.id] = op
        return op

    def busy(self, resource_key):
        return [op for op in self.operations.values() if op.resource_key == resource_key and op.status == "InProgress"]

    def poll(self, op):
        """One poll of an operation: InProgress ``in_progress_polls`` times, then its outcome."""
        if op.status == "InProgress":
            op.polls += 1
            if op.polls > self.in_progress_polls:
                self.complete(op)

    def complete(self, op):
        if op.status != "InProgress":
            return
        op.status = op.ends_as if op.error else "Succeeded"
        op.end = time.time()
        resource = self.resources.get(op.resource_key)
        if op.kind == "put" and resource is not None and resource.get("etag") == op.etag:
            resource["properties"]["provisioningState"] = op.status
            self.save()

    def expire_operations(self):
        """Operations nobody polls finish on their own after ``lro_timeout`` seconds."""
        now = time.time()
        for op in list(self.operations.values()):
            if op.status == "InProgress" and now - op.start > self.lro_timeout:
                self.complete(op)
