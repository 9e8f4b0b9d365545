# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writing a connection: one PUT under If-Match, then its long-running operation, within a bound.

Every write goes with ``If-Match`` of the ETag read for the plan: a concurrent change answers
412 and is reported as such, never overwritten. The shared key travels in the same PUT
(``properties.sharedKey``; the ``sharedkey`` endpoint has no ETag). A failure says whether Azure
had accepted the PUT (``AzureSdkError.accepted``): only then can something have changed, and the
caller reads the resource back to say what.

The functions take an sdk.AzureNetworkReader (its ``client``, ``call``, ``describe``, ``forget``,
``redact`` and ``secrets``).
"""

import json

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure import lro
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import AzureSdkError, error_body, first_line

try:
    from azure.core.exceptions import HttpResponseError
except ImportError:  # sdk.HAS_AZURE tells the callers
    class HttpResponseError(Exception):
        """Stands in for azure-core's when it is missing (nothing raises it then)."""


def put_connection(reader, connection, body, timeout, shared_key=None, to_arm=None):
    """PUT the connection with If-Match on the ETag it was read with, and wait at most ``timeout``
    seconds for the operation; the resource as Azure returns it, provisioningState Succeeded.

    The SDK has no if_match argument for connections, so the header goes in directly.
    ``to_arm``: turns the SDK's model into ARM JSON (sdk.arm_dict).
    """
    rid = connection["id"]
    subscription, group, _kind, name = reader.request_target(rid)  # the PUT's URL is built from Azure's answer
    what = reader.describe(rid)
    etag = connection.get("etag")
    if not etag:
        # Without an ETag a concurrent change cannot be told from ours.
        raise AzureSdkError("%s has no ETag, so it cannot be updated safely (If-Match); nothing was sent" % what,
                            code="NoETag")
    if shared_key is not None:
        reader.secrets.append(shared_key)
        body = dict(body, properties=dict(body.get("properties") or {}, sharedKey=shared_key))
    operations = reader.client(subscription).virtual_network_gateway_connections
    payload = json.dumps(body).encode("utf-8")
    reader.forget(rid)
    try:
        poller = reader.call(what, operations.begin_create_or_update, group, name, payload, content_type="application/json",
                             headers={"If-Match": etag}, verb="updating")
    except AzureSdkError as exc:
        if exc.status == 412:  # sent once (retry.BoundedRetryPolicy): the ETag moved before this PUT, not by it
            raise AzureSdkError(
                "%s was changed by someone else since it was read (its ETag is no longer %s); nothing was "
                "changed; run again to plan from what is there now" % (what, etag),
                code="PreconditionFailed", status=412)
        if _may_have_taken(exc):
            raise AzureSdkError("%s; Azure may have taken the update before that answer" % exc, code=exc.code,
                                status=exc.status, accepted=True)
        raise
    result = to_arm(_wait_operation(reader, poller, timeout, "the update of %s" % what))
    state = lro.provisioning_state(result)
    if not lro.is_state(state, lro.SUCCEEDED):
        raise AzureSdkError("the update of %s finished, but the connection is in provisioningState %s"
                            % (what, state), code="Provisioning%s" % (state or "Unknown"), accepted=True)
    return result


def _may_have_taken(exc):
    """A PUT that failed after it reached ARM: a server error or timeout answer (408, 5xx), or no answer at all
    (azure-core's ServiceResponseError: sent, then the read failed). A refusal (4xx) or a request that never left
    (ServiceRequestError, a token error) changed nothing."""
    if exc.status is not None:
        return exc.status == 408 or exc.status >= 500
    return exc.code == "ServiceResponseError"


def _wait_operation(reader, poller, timeout, what):
    """The operation's result; AzureSdkError(accepted=True) when it failed or did not finish in time."""
    reader.operations += 1
    try:
        return lro.wait_for(poller, timeout, what)
    except HttpResponseError as exc:
        error = getattr(exc, "error", None)
        code = getattr(error, "code", None)
        message = getattr(error, "message", None)
        if not code or not message:
            body_code, body_message = error_body(getattr(exc, "response", None))
            code, message = code or body_code, message or body_message
        message = first_line(reader.redact(message or str(exc)))
        if not lro.ended(exc):
            # the status request failed (azure-core's BadStatus/BadResponse), not the operation: it may still run
            raise AzureSdkError("lost track of %s: its status could not be read: %s: %s"
                                % (what, code or "HttpResponseError", message), code=code or "StatusUnread",
                                status=getattr(exc, "status_code", None), accepted=True)
        raise AzureSdkError("%s ended %s: %s: %s" % (what, lro.end_state(poller), code or "OperationFailed", message),
                            code=code or "OperationFailed", status=getattr(exc, "status_code", None),
                            accepted=True)
    except AzureSdkError as exc:
        exc.accepted = True
        raise
    except Exception as exc:  # pylint: disable=broad-except
        # connection errors while polling: the PUT was accepted, its outcome is unknown
        raise AzureSdkError("lost track of %s: %s: %s" % (what, type(exc).__name__, first_line(reader.redact(str(exc)))),
                            code=type(exc).__name__, accepted=True)
