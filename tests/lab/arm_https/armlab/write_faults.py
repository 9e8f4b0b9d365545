# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults on writes: an operation that never finishes, and a concurrent writer.

* ``lro_stuck`` ``{"path_regex", "method", "times"}``: the PUT is accepted, but its operation
  answers ``InProgress`` for ever (polls, expiry and later PUTs do not finish it) and the resource
  stays ``provisioningState: Updating`` - what a client sees when Azure's operation hangs.
* ``concurrent_write`` ``{"path_regex", "method", "times", "properties"}``: just before the
  matching PUT is handled, another writer's PUT lands first: ``properties`` are merged into the
  stored resource, which gets a new ETag and ``provisioningState: Succeeded``. A PUT with
  ``If-Match`` of the old ETag then gets 412; one without If-Match silently overwrites it.

* ``answer_lost`` ``{"path_regex", "method", "times", "status"}``: the matching request is handled as usual
  (a PUT is stored and its operation starts), then its answer is replaced by ``status`` (504
  ``GatewayTimeout`` by default, 500, 502 or 503), as when a front door times out on a request ARM took.
  ``reads_after: N``: then the next N GETs of the same path answer 503 (a client that cannot read back either).

* ``refuse_quoting`` ``{"path_regex", "method", "times"}``: the matching PUT is refused (400
  ``InvalidRequestContent``) with a message that quotes the request's JSON text as it arrived, as a
  deserializer's error quotes the text it could not read: a client must not pass that quote on.

``faults.py`` takes these rules like its own (``FAULT_KEYS``); ``put.py`` calls the two hooks.
"""

from __future__ import annotations

import copy
import re

from .common import LabError, new_etag

WRITE_FAULT_KEYS = {
    "lro_stuck": {"path_regex", "method", "times"},
    "concurrent_write": {"path_regex", "method", "times", "properties"},
    "answer_lost": {"path_regex", "method", "times", "status", "reads_after"},
    "refuse_quoting": {"path_regex", "method", "times"},
}
LOST_ANSWERS = {500: ("InternalServerError", "An error has occurred. Please retry the request."),
                502: ("BadGateway", "The gateway did not receive a response within the specified time period."),
                503: ("ServiceUnavailable", "The service is temporarily unavailable. Please retry later."),
                504: ("GatewayTimeout", "The gateway did not receive a response within the specified time period.")}


def check_rule(name, rule):
    """LabError when a write fault's rule is malformed (called by Faults.validate)."""
    if name == "concurrent_write" and not isinstance(rule.get("properties", {}), dict):
        raise LabError("fault concurrent_write: properties must be an object")
    if name == "answer_lost" and rule.setdefault("status", 504) not in LOST_ANSWERS:
        raise LabError("fault answer_lost: status must be one of %s" % ", ".join(map(str, sorted(LOST_ANSWERS))))


def lost_answer(faults, req, response, arm_error):
    """``response``, or the server error that replaces it when an ``answer_lost`` rule matches ``req`` (the request
    was handled all the same)."""
    if response.status >= 400:
        return response
    rule = faults.take("answer_lost", req)
    if rule is None:
        return response
    req.log["answer_lost"] = response.status
    if rule.get("reads_after"):
        faults.add_rule("server_error", {"path_regex": "^%s$" % re.escape(req.path), "method": "GET",
                                         "times": rule["reads_after"], "status": 503})
    code, message = LOST_ANSWERS[rule["status"]]
    return arm_error(rule["status"], code, message, fault="answer_lost")


def refusal_quoting(faults, req, arm_error):
    """A 400 that quotes the request's body text, if a ``refuse_quoting`` rule matches ``req``; else None."""
    if faults.take("refuse_quoting", req) is None:
        return None
    text = req.body.decode("utf-8", "replace") if req.body else ""
    return arm_error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: "
                     "unexpected token in %s." % text, details=[], fault="refuse_quoting")


def concurrent_write(faults, req, store, existing):
    """Another writer's change to ``existing`` (the stored resource), if a rule matches ``req``."""
    if existing is None:
        return
    rule = faults.take("concurrent_write", req)
    if rule is None:
        return
    props = existing.setdefault("properties", {})
    for key, value in (rule.get("properties") or {}).items():
        props[key] = copy.deepcopy(value)
    props["provisioningState"] = "Succeeded"
    existing["etag"] = new_etag()
    store.save()
    req.log["concurrent_write"] = {"etag": existing["etag"], "properties": sorted(rule.get("properties") or {})}


class StuckOperation:
    """An operation that stays InProgress: Store.complete() and poll() cannot finish it, and it
    never touches the resource (its ``etag`` matches no resource version)."""

    def __init__(self, op):
        self.__dict__.update({k: v for k, v in op.__dict__.items() if k not in ("status", "etag")})

    @property
    def status(self):
        return "InProgress"

    @status.setter
    def status(self, _value):
        return

    @property
    def etag(self):
        return None

    @etag.setter
    def etag(self, _value):
        return


def maybe_stuck(faults, req, store, op):
    """``op``, or a StuckOperation in its place when an ``lro_stuck`` rule matches ``req``."""
    if faults.take("lro_stuck", req) is None:
        return op
    stuck = StuckOperation(op)
    store.operations[op.id] = stuck
    req.log["fault"] = "lro_stuck"
    return stuck
