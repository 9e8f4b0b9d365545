# -*- coding: utf-8 -*-
"""Retry-After as an HTTP-date (RFC 9110 10.2.3): the bound on waits sees it as azure-core does."""

import email.utils
import time

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.errors import http_error, retry_after_of
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.retry import BoundedRetryPolicy, TokenResponses, TokenWaitRefused


class _Response:
    def __init__(self, status, headers, method="GET"):
        self.status_code = status
        self.headers = headers
        self.request = type("Request", (), {"method": method})()

    def json(self):
        return {"error": {"code": "SubscriptionRequestsThrottled", "message": "Number of 'read' requests exceeded."}}


class _PipelineResponse:
    def __init__(self, response):
        self.http_response = response
        self.http_request = response.request


def _date(seconds_ahead):
    return email.utils.formatdate(time.time() + seconds_ahead, usegmt=True)


def test_a_date_an_hour_ahead_is_not_retried():
    response = _Response(429, {"Retry-After": _date(3600)})
    policy = BoundedRetryPolicy(retry_total=4)
    settings = policy.configure_retries({})
    assert policy.is_retry(settings, _PipelineResponse(response)) is False


def test_a_date_a_few_seconds_ahead_is_retried():
    response = _Response(429, {"Retry-After": _date(3)})
    policy = BoundedRetryPolicy(retry_total=4)
    settings = policy.configure_retries({})
    assert policy.is_retry(settings, _PipelineResponse(response)) is True


def test_the_message_says_the_wait_of_a_date_and_that_nothing_was_retried():
    now = email.utils.parsedate_to_datetime("Mon, 07 Dec 2026 19:40:00 GMT").timestamp()
    assert retry_after_of(_Response(429, {"Retry-After": "Mon, 07 Dec 2026 20:40:00 GMT"}), now=now) == 3600.0
    response = _Response(429, {"Retry-After": _date(3600)})
    exc = type("Err", (Exception,), {})("throttled")
    exc.status_code, exc.response, exc.error = 429, response, None
    message = str(http_error("connection 'cn-1'", exc, "reading", 4, ()))
    assert "more than the 60 s this module waits, so nothing was retried" in message, message
    assert "connection 'cn-1'" in message


def test_a_date_in_the_past_is_no_wait_and_garbage_is_none():
    assert retry_after_of(_Response(429, {"Retry-After": _date(-30)})) == 0.0
    assert retry_after_of(_Response(429, {"Retry-After": "soon"})) is None


def test_a_server_error_asking_for_a_long_wait_is_not_said_to_be_retried():
    response = _Response(503, {"Retry-After": "3600"})
    exc = type("Err", (Exception,), {})("unavailable")
    exc.status_code, exc.response, exc.error = 503, response, None
    message = str(http_error("virtual network gateway 'vgw-1'", exc, "reading", 4, ()))
    assert "Azure asked to wait 3600 s, more than the 60 s this module waits, so nothing was retried" in message, message
    assert "retries" not in message and "vgw-1" in message, message


def test_a_token_answer_asking_for_a_wait_beyond_the_bound_ends_the_request():
    """A managed identity's retry policy is azure-identity's own and waits for any Retry-After: the hook ends it."""
    hook = TokenResponses(end_long_waits=True)
    hook(_PipelineResponse(_Response(429, {"Retry-After": "2"})))
    assert (hook.status, hook.retry_after, hook.throttled) == (429, 2.0, 1)
    for status, wait in ((429, "3600"), (503, _date(3600))):
        with pytest.raises(TokenWaitRefused):
            hook(_PipelineResponse(_Response(status, {"Retry-After": wait})))
        assert hook.status == status and hook.retry_after > 60


def test_a_service_principal_s_token_answer_is_left_to_its_bounded_retry_policy():
    hook = TokenResponses()
    hook(_PipelineResponse(_Response(429, {"Retry-After": "3600"})))
    assert (hook.status, hook.retry_after) == (429, 3600.0)
