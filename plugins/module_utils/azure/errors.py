# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failures talking to Azure, as one safe sentence each (no secret, no traceback).

``AzureSdkError`` carries Azure's error code and the HTTP status; the functions here turn
azure-core / azure-identity exceptions into it, naming what was being done to which resource.
Throttling (HTTP 429) is reported as throttling, whether ARM or the token endpoint sent it.
No Ansible or SDK import (exceptions are read by their attributes).
"""

import datetime
import email.utils
import time

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import redact

THROTTLED = "Throttled"
# Engineering bound, not an Azure figure: ARM's throttling answers ask for seconds to a few tens
# of seconds ("Retry-After ... the number of seconds to wait", learn.microsoft.com/azure/
# azure-resource-manager/management/request-limits-and-throttling); longer waits end the task
# (retry.BoundedRetryPolicy), and the message says so.
MAX_RETRY_AFTER = 60
IDENTITY_PREFIX = "Authentication failed: "


class AzureSdkError(Exception):
    """A failure talking to Azure, as one safe sentence (no secrets, no traceback).

    ``accepted``: for a write, whether Azure accepted the request (a long-running operation
    started) before it failed - then something may have changed and the caller reads it back.
    """

    def __init__(self, message, code=None, status=None, accepted=False):
        super(AzureSdkError, self).__init__(message)
        self.code = code
        self.status = status
        self.accepted = accepted


def retry_after_of(response, now=None):
    """Seconds from a response's Retry-After (or Retry-After-ms), or None. Retry-After may be an HTTP-date ("Retry-After
    = HTTP-date / delay-seconds", RFC 9110 10.2.3, https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3): the seconds
    from ``now`` (epoch seconds, default the clock) to it, at least 0, as azure-core's RetryPolicy reads it
    (azure.core.pipeline.policies._utils.parse_retry_after) - it waits for a date however far ahead, so the bound
    (retry.BoundedRetryPolicy) must see one too: read as None, an hour ahead held the task an hour per retry."""
    headers = getattr(response, "headers", None) or {}
    try:
        lowered = {str(k).lower(): v for k, v in headers.items()}
    except AttributeError:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("x-ms-retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = lowered.get(name)
        if value is None:
            continue
        try:
            return float(value) * scale
        except (TypeError, ValueError):
            return _seconds_to_date(value, now) if scale == 1.0 else None
    return None


def _seconds_to_date(value, now=None):
    """Seconds from ``now`` to the HTTP-date ``value`` (at least 0), None when it is no date."""
    try:
        when = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:  # RFC 9110 5.6.7: an HTTP-date is always GMT
        when = when.replace(tzinfo=datetime.timezone.utc)
    return float(max(0, round(when.timestamp() - (time.time() if now is None else now))))


def _wait_hint(retry_after):
    if retry_after is None:
        return ""
    return "; it asked to wait %s s" % ("%g" % retry_after)


def _not_waited(retry_after):
    """Whether a Retry-After is beyond the bound the retry policy waits (then nothing was retried)."""
    return retry_after is not None and retry_after > MAX_RETRY_AFTER


def _beyond_bound(retry_after):
    """Why a throttled request was not sent again: Azure asked for a wait longer than the module's bound (review E3:
    "still throttling after 4 retries" of a request sent once)."""
    return ("Azure asked to wait %g s, more than the %d s this module waits, so nothing was retried"
            % (retry_after, MAX_RETRY_AFTER))


def _resent(response, verb):
    """Whether the request that got ``response`` is one the retry policy sends again (a read), else a write."""
    method = getattr(getattr(response, "request", None), "method", None)
    if method:
        return str(method).upper() in ("GET", "HEAD", "OPTIONS")
    return verb == "reading"


def http_error(what, exc, verb, retries, secrets):
    """An azure-core HttpResponseError from ARM as AzureSdkError."""
    status = getattr(exc, "status_code", None)
    error = getattr(exc, "error", None)
    code = getattr(error, "code", None) if error is not None else None
    message = getattr(error, "message", None) if error is not None else None
    response = getattr(exc, "response", None)
    if not code or not message:
        body_code, body_message = error_body(response)
        code, message = code or body_code, message or body_message
    message = first_line(redact(message or getattr(exc, "reason", None) or str(exc), secrets))
    code = code or "HTTP%s" % status
    if status == 404 and code == "ResourceGroupNotFound":
        lead = "resource group not found %s %s" % (verb, what)
    elif status == 404:
        lead = "%s not found" % what
    elif status == 403:
        lead = "permission denied %s %s" % (verb, what)
    elif status == 401:
        lead = "Azure Resource Manager rejected the access token %s %s" % (verb, what)
    elif status == 429:
        wait = retry_after_of(response)
        if _not_waited(wait):
            lead = "Azure Resource Manager is throttling %s %s: %s; run again later" % (verb, what, _beyond_bound(wait))
        else:
            lead = "Azure Resource Manager is still throttling after %d retries %s %s%s; run again later" % (
                retries, verb, what, _wait_hint(wait))
    elif status is not None and status >= 500 and not _resent(response, verb):
        # a write is sent once (retry.BoundedRetryPolicy): ARM may have taken it (review 2026-12-05: this said "after
        # 4 retries" of a PUT sent once)
        lead = "Azure Resource Manager answered a server error %s %s, which is sent once, never again" % (verb, what)
    elif status is not None and status >= 500 and _not_waited(retry_after_of(response)):
        # a 503 may ask to wait too (Retry-After, RFC 9110 10.2.3): beyond the bound it was sent once, never retried
        lead = "Azure Resource Manager answered a server error %s %s: %s; run again later" % (
            verb, what, _beyond_bound(retry_after_of(response)))
    elif status is not None and status >= 500:
        lead = "Azure Resource Manager server error persisted after %d retries %s %s" % (retries, verb, what)
    else:
        lead = "Azure Resource Manager refused %s %s" % (verb, what)
    return AzureSdkError("%s: %s (HTTP %s): %s" % (lead, code, status, message), code=code, status=status)


def auth_error(settings, exc, secrets, token_status=None, token_retry_after=None, retries=0, request_error=False):
    """A failure to get a token as AzureSdkError: unreachable, throttled, or authentication failed.

    ``token_status``/``token_retry_after``: the last answer of the token endpoint, when known
    (azure-identity's exception does not carry it for every credential). ``request_error``: the
    request never got an answer (azure-core ServiceRequestError).
    """
    s = settings
    who = {
        "client_secret": "service principal %s in tenant %s" % (s.client_id, s.tenant),
        "msi": "managed identity",
        "cli": "Azure CLI login",
        "msi_or_cli": "managed identity / Azure CLI login",
    }.get(s.method, s.method)
    endpoint = _token_endpoint(s)
    detail = first_line(redact(getattr(exc, "message", None) or str(exc), secrets))
    code = aad_code(detail)
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None) or token_status
    if status == 429:
        # azure-identity words every token error "Authentication failed: <AAD error>"; here it is not one.
        detail = detail[len(IDENTITY_PREFIX):] if detail.startswith(IDENTITY_PREFIX) else detail
        wait = token_retry_after if token_retry_after is not None else retry_after_of(response)
        how = _beyond_bound(wait) if _not_waited(wait) else "still after %d retries%s" % (retries, _wait_hint(wait))
        return AzureSdkError(
            "%s is throttling requests for %s (HTTP 429, %s); this is "
            "not a credential problem: run again later (credentials from %s): %s"
            % (endpoint, who, how, s.origin, detail), code=THROTTLED, status=429)
    if request_error or tls_hint(detail) or unreachable(detail):
        return AzureSdkError("cannot reach %s for %s (credentials from %s): %s%s"
                             % (endpoint, who, s.origin, detail, tls_hint(detail)), code="ServiceRequestError")
    if status is not None and status >= 500:
        wait = token_retry_after if token_retry_after is not None else retry_after_of(response)
        how = _beyond_bound(wait) if _not_waited(wait) else "still after %d retries" % retries
        return AzureSdkError("%s failed for %s (HTTP %s, %s; credentials "
                             "from %s): %s" % (endpoint, who, status, how, s.origin, detail),
                             code=code or "HTTP%s" % status, status=status)
    return AzureSdkError("authentication failed for %s at %s (credentials from %s): %s"
                         % (who, endpoint[len("the "):], s.origin, detail), code=code or "AuthenticationFailed",
                         status=401)


# Where each credential gets its token. A service principal: the authority (Microsoft Entra ID, or the one configured).
# A managed identity never asks the authority: on App Service and Functions it asks the local endpoint in
# IDENTITY_ENDPOINT, elsewhere the Instance Metadata Service at 169.254.169.254 ("How to use managed identities for App
# Service and Azure Functions", REST endpoint reference: learn.microsoft.com/azure/app-service/overview-managed-identity;
# learn.microsoft.com/azure/virtual-machines/instance-metadata-service); the Azure CLI gets it itself (az account
# get-access-token). Naming the authority for them sent people to the wrong host.
_MSI_ENDPOINT = ("the managed identity token endpoint (IDENTITY_ENDPOINT on App Service and Functions, else the "
                 "Instance Metadata Service at 169.254.169.254)")
_TOKEN_ENDPOINTS = {
    "msi": _MSI_ENDPOINT,
    "cli": "the Azure CLI's token request (az account get-access-token)",
    "msi_or_cli": "%s, or the Azure CLI's token request" % _MSI_ENDPOINT,
}


def _token_endpoint(settings):
    """The words for where ``settings``' credential asked for its token, starting with "the"."""
    return _TOKEN_ENDPOINTS.get(settings.method, "the token endpoint at %s" % settings.authority)


def error_body(response):
    """(code, message) from an ARM error body, if any."""
    if response is None:
        return None, None
    try:
        body = response.json()
    except Exception:  # pylint: disable=broad-except
        return None, None
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return error.get("code"), error.get("message")
    return None, None


def first_line(text):
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    if not lines:
        return ""
    # azure-core puts "Code: X" / "Message: Y" on separate lines; keep them together.
    return " ".join(lines[:4]) if len(lines) > 1 and lines[0].endswith(":") else lines[0]


def aad_code(text):
    for token in str(text).replace("(", " ").replace(")", " ").replace(":", " ").split():
        if token.startswith("AADSTS") or token in ("invalid_client", "unauthorized_client", "invalid_request",
                                                   "invalid_grant", "invalid_scope"):
            return token
    return None


def unreachable(detail):
    return any(text in detail for text in ("Connection refused", "Failed to establish a new connection",
                                           "Name or service not known", "timed out", "Max retries exceeded"))


def tls_hint(detail):
    if "CERTIFICATE_VERIFY_FAILED" in detail or "certificate verify failed" in detail:
        return " (the server's certificate is not trusted: set ca_bundle or REQUESTS_CA_BUNDLE to its CA file)"
    return ""
