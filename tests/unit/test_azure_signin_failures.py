# -*- coding: utf-8 -*-
"""Sign-in and subscription discovery say what went wrong (review s41): a subscription list item without a
subscriptionId was skipped without a word (another subscription was then "the first listed"), a failure that is no
credential problem read as "authentication failed", and a failing ``az account show`` read as "no credentials"."""

import os
import stat

import pytest

pytest.importorskip("azure.identity")

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import AuthError, resolve_auth  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import (  # noqa: E402
    AzureNetworkReader,
    AzureSdkError,
    az_account_show,
)

LIST = "/subscriptions?api-version=2022-12-01"
SUB_A = "aaaaaaaa-0000-4000-8000-00000000000a"
SUB_B = "bbbbbbbb-0000-4000-8000-00000000000b"


class _Token:
    def get_token(self, *scopes):
        return None


def _msi_reader(credential=None):
    settings = resolve_auth({"auth_source": "msi"}, env={}, read_text={}.get, home="/nohome")
    return AzureNetworkReader(settings, credential=credential or _Token())


def test_a_listed_subscription_without_an_id_is_refused_by_name_not_skipped():
    reader = _msi_reader()
    items = [{"displayName": "Production", "state": "Enabled"}, {"subscriptionId": SUB_B, "displayName": "Lab"}]
    reader._send_json = {LIST: {"value": items}}.__getitem__  # pylint: disable=protected-access
    with pytest.raises(AzureSdkError) as caught:
        reader.authenticate()
    message = str(caught.value)
    assert "item 0" in message and "no subscriptionId" in message and "'Production'" in message, message
    assert caught.value.code == "InvalidResponse"
    assert reader.settings.subscription_id is None  # not the next one, chosen without a word


def test_every_listed_subscription_with_an_id_still_picks_the_first():
    reader = _msi_reader()
    listed = [{"subscriptionId": SUB_A, "state": "Enabled"}, {"subscriptionId": SUB_B, "state": "Enabled"}]
    reader._send_json = {LIST: {"value": listed}}.__getitem__  # pylint: disable=protected-access
    reader.authenticate()
    assert reader.settings.subscription_id == SUB_A and "first of 2 usable" in reader.warnings[0]


class _Broken:
    def get_token(self, *scopes):
        raise TypeError("__init__() got an unexpected keyword argument 'retry_policy_class'")


def test_a_failure_that_is_no_credential_problem_is_not_called_an_authentication_failure():
    reader = _msi_reader(_Broken())
    with pytest.raises(AzureSdkError) as caught:
        reader.authenticate()
    message = str(caught.value)
    assert "authentication failed" not in message and caught.value.status != 401, message
    assert "TypeError" in message and "retry_policy_class" in message and "not a credential problem" in message


def _fake_az(tmp_path, monkeypatch, script):
    folder = tmp_path / "bin"
    folder.mkdir()
    az = folder / "az"
    az.write_text("#!/bin/sh\n" + script)
    az.chmod(az.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(folder) + os.pathsep + os.environ.get("PATH", ""))


@pytest.mark.parametrize("script, words", [
    ("echo \"ERROR: The subscription of 'x' doesn't exist in cloud 'AzureCloud'.\" >&2; exit 1",
     "az account show failed (exit 1): ERROR: The subscription of 'x' doesn't exist in cloud 'AzureCloud'."),
    ("echo 'not json'", "az account show printed no JSON account"),
], ids=range(2))
def test_a_failing_az_account_show_is_named_in_the_no_credentials_message(tmp_path, monkeypatch, script, words):
    _fake_az(tmp_path, monkeypatch, script)
    with pytest.raises(AuthError) as caught:
        resolve_auth({"auth_source": "cli"}, env={}, read_text={}.get, home=str(tmp_path), az_account=az_account_show)
    message = str(caught.value)
    assert "no Azure credentials found" in message and words in message, message


def test_a_logged_in_az_still_gives_its_subscription(tmp_path, monkeypatch):
    _fake_az(tmp_path, monkeypatch, "echo '{\"id\": \"%s\", \"tenantId\": \"t-1\"}'" % SUB_A)
    settings = resolve_auth({"auth_source": "cli"}, env={}, read_text={}.get, home=str(tmp_path),
                            az_account=az_account_show)
    assert settings.subscription_id == SUB_A and settings.subscription_from == "az account show"
