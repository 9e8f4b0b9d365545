# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plan one connection's desired state, apply it in one guarded PUT, and say what is now true.

- A connection in progress (``Updating``) is waited for, up to ``wait_timeout``, before planning.
- A connection in ``provisioningState: Failed`` is never called aligned: it is PUT again (its own
  properties plus any change), because Microsoft's way out of Failed is another write: "To restore
  succeeded state, run another write (PUT) operation on the resource" (learn.microsoft.com/azure/
  networking/troubleshoot-failed-state). Failing instead would leave the operator to do by hand
  exactly what this module does anyway, under the same If-Match.
- ``changed`` is true only for what Azure confirmed: the operation succeeded and the resource reads
  back ``Succeeded`` with the values. A refused PUT applied nothing; after an accepted PUT that
  failed or did not finish, the connection is read back and each planned property is listed under
  ``applied`` or ``not_applied``.

No Ansible import; the caller turns ``ApplyFailed`` into fail_json with ``result``.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import lro
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.connection_state import (
    bgp_precondition_error,
    changed_properties,
    immutable_change_error,
    put_body,
)
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import AzureSdkError
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import prop
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import key_in_options_error

PROVISIONING = "provisioningState"
SHARED_KEY = "sharedKey"
FAILED_STATE_SOURCE = "learn.microsoft.com/azure/networking/troubleshoot-failed-state"


class ApplyFailed(Exception):
    """The task fails; ``result`` says what was planned, applied and not applied."""

    def __init__(self, message, result, cause=None):
        super(ApplyFailed, self).__init__(message)
        self.result = result
        self.cause = cause


def new_result():
    return dict(changed=False, changes={}, shared_key_changed=False, applied=[], not_applied=[],
                provisioning_state=None)


def _linked(reader, connection, key):
    """The resource the connection names under ``key`` (None when it names none)."""
    ref = prop(connection, key) or {}
    return reader.get(ref["id"]) if isinstance(ref, dict) and ref.get("id") else None


def _problem(reader, connection, changes):
    problem = immutable_change_error(changes)
    if not problem and changes.get("enableBgp", (None, False))[1]:
        problem = bgp_precondition_error(_linked(reader, connection, "virtualNetworkGateway1"),
                                         _linked(reader, connection, "localNetworkGateway2"))
        if problem:
            problem = "enable_bgp: Azure would refuse it: %s" % problem
    return problem


def align_connection(reader, resource_group, name, desired, shared_key=None, check_mode=False,
                     wait_timeout=lro.DEFAULT_WAIT_TIMEOUT):
    """Make the connection match ``desired`` (ARM properties) and ``shared_key``; the result dict.

    Raises ApplyFailed (with the result so far) or AzureSdkError (before anything was sent)."""
    result = new_result()
    conn_id = reader.resource_id(resource_group, "connections", name)
    what = reader.describe(conn_id)
    connection = reader.get(conn_id)
    state = lro.provisioning_state(connection)
    if not lro.is_terminal(state):
        if check_mode:
            reader.warnings.append("%s is %s (an operation is in progress); the plan is against its values as "
                                   "they are now" % (what, state))
        else:
            connection = lro.wait_settled(lambda: reader.reread(conn_id), wait_timeout, what)
            state = lro.provisioning_state(connection)
    result["provisioning_state"] = state
    # the result prints the connection's names and ids (its gateways', its local network gateway's); a key masked
    # inside one of them garbles it and tells where the key is (secrets.INSIDE_WHY)
    problem = shared_key is not None and key_in_options_error(
        shared_key, connection, skip=(SHARED_KEY,), what="shared_key", scope="connection",
        done="nothing was changed")
    if problem:
        raise ApplyFailed(problem, result)
    changes = changed_properties(connection, desired)
    problem = _problem(reader, connection, changes)
    if problem:
        raise ApplyFailed(problem, result)
    key_differs = False
    if shared_key is not None:
        seen = len(reader.warnings)
        key_differs = reader.shared_key(connection) != shared_key
        if len(reader.warnings) > seen:
            raise ApplyFailed(reader.warnings[-1], result)
    repair = lro.is_unsuccessful(state)
    planned = dict(changes)
    if repair:
        planned[PROVISIONING] = (state, lro.SUCCEEDED)
    result["changes"] = {k: {"before": v[0], "after": v[1]} for k, v in planned.items()}
    result["shared_key_changed"] = key_differs
    names = sorted(planned) + ([SHARED_KEY] if key_differs else [])
    if not names:
        return result
    # a named subscription's state is read now, not for a run that changes nothing; a Disabled one would show a plan
    # Azure refuses (Azure subscription states)
    reader.before_change()
    if check_mode:
        result["changed"] = True
        return result
    try:
        final = reader.put_connection(connection, put_body(connection, changes), wait_timeout,
                                      shared_key=shared_key if key_differs else None)
    except AzureSdkError as exc:
        if not exc.accepted:
            result["not_applied"] = names
            raise ApplyFailed("%s; nothing was applied" % exc, result, exc)
        final, unread = _read_back(reader, conn_id)
        held, unknown = _held(reader, final, desired, changes, shared_key if key_differs else None)
        result.update(applied=[n for n in names if n in held],
                      not_applied=[n for n in names if n not in held and n not in unknown],
                      provisioning_state=lro.provisioning_state(final))
        result["changed"] = bool(result["applied"] or unknown)
        if unknown:
            result["outcome_unknown"] = [n for n in names if n in unknown]
        if not result["not_applied"] and not unknown and lro.is_state(result["provisioning_state"], lro.SUCCEEDED):
            return result  # it finished after all: Azure shows all of it, Succeeded
        raise ApplyFailed(_failure_message(exc, result, unread), result, exc)
    applied = _held(reader, final, desired, changes, None)[0]  # put_connection returns it Succeeded
    if key_differs:
        applied.add(SHARED_KEY)  # the operation that carried it succeeded
    result.update(applied=[n for n in names if n in applied], not_applied=[n for n in names if n not in applied],
                  provisioning_state=lro.provisioning_state(final), changed=bool(applied))
    if result["not_applied"]:
        raise ApplyFailed("the update of %s succeeded, but Azure shows %s differently from what was sent"
                          % (what, ", ".join(result["not_applied"])), result)
    return result


def _read_back(reader, conn_id):
    """The connection as Azure holds it now, and why it could not be read (None, None when read)."""
    try:
        return reader.reread(conn_id), None
    except AzureSdkError as exc:
        return None, "%s" % exc


def _held(reader, resource, desired, changes, shared_key):
    """(names Azure holds as sent, names it cannot be told of) after an accepted PUT, whatever its provisioningState:
    a PUT whose operation ended Failed may still have stored its values and the key it carried (review 2026-12-05),
    and an operator must not be told the old key is in place when the new one is. provisioningState counts as held
    only when Succeeded. An unreadable resource or key is unknown, never "not applied"."""
    if resource is None:
        return set(), set(changes) | {PROVISIONING} | ({SHARED_KEY} if shared_key is not None else set())
    left = changed_properties(resource, {k: desired[k] for k in changes})
    held = {k for k in changes if k not in left}
    unknown = set()
    if lro.is_state(lro.provisioning_state(resource), lro.SUCCEEDED):
        held.add(PROVISIONING)
    if shared_key is not None:
        seen = len(reader.warnings)
        now = reader.shared_key(resource)
        if len(reader.warnings) > seen:
            unknown.add(SHARED_KEY)
        elif now == shared_key:
            held.add(SHARED_KEY)
    return held, unknown


def _failure_message(exc, result, unread=None):
    state = result["provisioning_state"]
    if unread is not None:
        seen = "it could not be read back (%s)" % unread
    else:
        seen = "it reads back in provisioningState %s" % state
    parts = ["%s; %s" % (exc, seen)]
    if result["applied"]:
        if lro.is_state(state, lro.SUCCEEDED):
            parts.append("applied: %s" % ", ".join(result["applied"]))
        else:
            parts.append("Azure holds as sent, not confirmed by the operation: %s" % ", ".join(result["applied"]))
    if result["not_applied"]:
        parts.append("not applied: %s" % ", ".join(result["not_applied"]))
    if result.get("outcome_unknown"):
        parts.append("unknown, may be applied: %s (read the connection before changing it again)"
                     % ", ".join(result["outcome_unknown"]))
    if lro.is_unsuccessful(state):
        parts.append("run again: a new PUT is how a %s resource is restored (%s)" % (state, FAILED_STATE_SOURCE))
    elif state is not None and not lro.is_terminal(state):
        parts.append("run again once the operation has finished")
    return "; ".join(parts)
