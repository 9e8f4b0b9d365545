# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Injected faults (throttling, 5xx, 403, bad tokens, LRO failures, paging)."""

from __future__ import annotations

import re
import threading

from .common import LabError
from .write_faults import WRITE_FAULT_KEYS, check_rule


# --------------------------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------------------------

FAULT_KEYS = {
    # retry_after_date: Retry-After as an HTTP-date that many seconds ahead instead of a number of seconds (RFC 9110
    # 10.2.3 allows either: "Retry-After = HTTP-date / delay-seconds", https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3)
    "throttle": {"path_regex", "method", "times", "retry_after", "retry_after_date"},
    "server_error": {"path_regex", "method", "times", "status", "retry_after", "retry_after_date"},
    "forbidden": {"path_regex", "method", "times"},
    # status: how the operation ends, "Failed" (default) or "Canceled" (ARM's other terminal state of an operation
    # that did not succeed; the resource's provisioningState says the same)
    "lro_failure": {"path_regex", "method", "times", "code", "message", "status"},
    # another actor deletes the resource group named in the matching request's path (with all it holds) just before
    # the request is handled, as when a group goes between the subscription's resource list and its own list
    "group_deleted": {"path_regex", "method", "times"},
}
FAULT_KEYS.update(WRITE_FAULT_KEYS)  # lro_stuck, concurrent_write (write_faults.py)
FAULT_FLAGS = {"bad_token", "expired_token", "busy_conflict"}
# null_value_page: the N-th page (1: the first) of every list answer has "value": null instead of its items, its
# nextLink kept, as an answer a proxy or a faulty service could give: azure-mgmt-network's pagers made a TypeError of it
FAULT_SETTINGS = {"page_size", "null_value_page"}
# A nextLink on another host (with page_size): "localhost" for the lab itself under its other name, as a link a
# tampered or misrouted answer could carry; whoever follows it sends its bearer token there.
FAULT_TEXT_SETTINGS = {"next_link_host"}
# {subscription id: state}: the state Subscriptions - List and a subscription's GET show (SubscriptionState of the
# REST API), or null for a subscription the token holds no role on: not listed, its ARM requests 403 (cloud.py)
FAULT_MAPS = {"subscription_states"}
SUBSCRIPTION_STATES = ("Enabled", "Warned", "PastDue", "Disabled", "Deleted")


class Faults:
    """Faults on demand.  ``set`` replaces all of them; ``times`` counts down (absent = unlimited
    for ``forbidden``, 1 for the others)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rules = {}
        self.flags = {}
        self.settings = {}

    @staticmethod
    def validate(spec):
        if not isinstance(spec, dict):
            raise LabError("faults must be a JSON object")
        rules, flags, settings = {}, {}, {}
        for name, value in spec.items():
            if name in FAULT_FLAGS:
                if not isinstance(value, bool):
                    raise LabError("fault %s takes true or false" % name)
                flags[name] = value
            elif name in FAULT_TEXT_SETTINGS:
                if value is not None and (not isinstance(value, str) or not re.match(r"^[A-Za-z0-9.-]+$", value)):
                    raise LabError("%s must be a host name or null" % name)
                settings[name] = value
            elif name in FAULT_SETTINGS:
                if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                    raise LabError("%s must be a positive integer or null" % name)
                settings[name] = value
            elif name in FAULT_MAPS:
                if not isinstance(value, dict) or any(v is not None and v not in SUBSCRIPTION_STATES
                                                      for v in value.values()):
                    raise LabError("%s maps subscription ids to one of %s or null" % (
                        name, ", ".join(SUBSCRIPTION_STATES)))
                settings[name] = {str(k).lower(): v for k, v in value.items()}
            elif name in FAULT_KEYS:
                items = value if isinstance(value, list) else [value]
                parsed = []
                for item in items:
                    if not isinstance(item, dict):
                        raise LabError("fault %s takes an object (or a list of objects)" % name)
                    unknown = set(item) - FAULT_KEYS[name]
                    if unknown:
                        raise LabError("fault %s: unknown keys %s" % (name, ", ".join(sorted(unknown))))
                    rule = dict(item)
                    try:
                        rule["_re"] = re.compile(rule.get("path_regex") or "", re.IGNORECASE)
                    except re.error as exc:
                        raise LabError("fault %s: bad path_regex: %s" % (name, exc))
                    times = rule.get("times", None if name == "forbidden" else 1)
                    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 0):
                        raise LabError("fault %s: times must be a non-negative integer" % name)
                    rule["times"] = times
                    if name == "server_error" and rule.setdefault("status", 500) not in (500, 502, 503, 504):
                        raise LabError("fault server_error: status must be 500, 502, 503 or 504")
                    if name == "throttle":
                        rule.setdefault("retry_after", 1)
                    for key in ("retry_after",):
                        if key in rule and rule[key] is not None and (not isinstance(rule[key], (int, float)) or rule[key] < 0):
                            raise LabError("fault %s: %s must be a non-negative number" % (name, key))
                    if not isinstance(rule.get("retry_after_date", False), bool):
                        raise LabError("fault %s: retry_after_date must be true or false" % name)
                    check_rule(name, rule)
                    parsed.append(rule)
                rules[name] = parsed
            else:
                raise LabError("unknown fault %r (known: %s)" % (
                    name, ", ".join(sorted(set(FAULT_KEYS) | FAULT_FLAGS | FAULT_SETTINGS | FAULT_TEXT_SETTINGS | FAULT_MAPS))))
        return rules, flags, settings

    def set(self, spec):
        rules, flags, settings = self.validate(spec)
        with self.lock:
            self.rules, self.flags, self.settings = rules, flags, settings

    def add_rule(self, name, rule):
        """One more rule of kind ``name``, validated as ``set`` does, beside the rules there are."""
        rules, _flags, _settings = self.validate({name: rule})
        with self.lock:
            self.rules.setdefault(name, []).extend(rules[name])

    def describe(self):
        with self.lock:
            out = {}
            for name, rules in self.rules.items():
                live = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rules if r["times"] != 0]
                if live:
                    out[name] = live
            out.update({k: v for k, v in self.flags.items() if v})
            out.update({k: v for k, v in self.settings.items() if v is not None})
            return out

    def take(self, name, req):
        """The first matching rule of this kind, counted down; None if none matches."""
        with self.lock:
            for rule in self.rules.get(name, []):
                if rule["times"] == 0:
                    continue
                if rule.get("method") and rule["method"].upper() != req.method:
                    continue
                if not rule["_re"].search(req.path):
                    continue
                if rule["times"] is not None:
                    rule["times"] -= 1
                return dict(rule)
        return None

    def flag(self, name):
        with self.lock:
            return bool(self.flags.get(name))

    def setting(self, name):
        with self.lock:
            return self.settings.get(name)
