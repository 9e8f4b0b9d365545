# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Azure's naming rules for the options that become URL segments (names.py): what Azure accepts
passes unchanged, what it refuses - or what would change the request - is refused naming the option."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import AuthSettings
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import (
    InvalidName,
    check_network_name,
    check_options,
    check_resource_group,
    check_settings,
    check_subscription,
    check_tenant,
)

VALID_NETWORK_NAMES = ["UKSouth-HQ-S2S", "a", "9", "conn_", "weu.to.branch_asa", "A" * 80, "x-_.y"]
# (value, why Azure refuses it or what it would do to the URL)
INVALID_NETWORK_NAMES = [
    (".", "dropped by URL normalisation: the GET becomes a list of every connection"),
    ("..", "climbs to the parent collection"),
    ("conn.", "ends with a period"),
    ("conn-", "ends with a hyphen"),
    ("_conn", "starts with an underscore"),
    ("-conn", "starts with a hyphen"),
    ("a/b", "adds a URL segment"),
    ("a?api-version=1", "starts a query"),
    ("a#b", "starts a fragment (Microsoft: don't use # in a resource name)"),
    ("a b", "space"),
    ("a\nb", "newline"),
    ("a%2Fb", "percent-encoded slash"),
    ("conn\u00e9", "only a-z/A-Z are alphanumerics here"),
    ("A" * 81, "81 characters"),
    ("", "empty"),
]


@pytest.mark.parametrize("value", VALID_NETWORK_NAMES)
def test_names_azure_accepts_pass(value):
    assert check_network_name("name", value) == value


@pytest.mark.parametrize("value,why", INVALID_NETWORK_NAMES, ids=[w for _v, w in INVALID_NETWORK_NAMES])
def test_names_azure_refuses_are_refused_naming_the_option(value, why):
    with pytest.raises(InvalidName) as caught:
        check_network_name("virtual_network_gateway", value, "virtual_network_gateway")
    message = str(caught.value)
    assert message.startswith("virtual_network_gateway "), message
    assert "\n" not in message, "control characters are escaped in the message"


def test_the_message_says_the_rule_and_cuts_long_values():
    with pytest.raises(InvalidName) as caught:
        check_network_name("name", "x" * 70 + "/")
    assert "connection name" in str(caught.value) and "1 to 80 characters" in str(caught.value)
    assert "x" * 61 not in str(caught.value)


@pytest.mark.parametrize("value", ["RG", "rg-hub-weu", "my.rg_(prod)", "Ressourcengruppe-\u00fc\u00df", "\u8d44\u6e90\u7ec4",
                                   "r" * 90, "9"])
def test_resource_groups_azure_accepts_pass(value):
    assert check_resource_group("resource_group", value) == value


@pytest.mark.parametrize("value", ["RG.", ".", "..", "r" * 91, "a/b", "a b", "a?b", "a#b", "a%b", "rg\t", "a+b", ""])
def test_resource_groups_azure_refuses_are_refused(value):
    with pytest.raises(InvalidName) as caught:
        check_resource_group("resource_group", value)
    assert str(caught.value).startswith("resource_group ")


def test_subscription_must_be_a_guid():
    assert check_subscription("subscription_id", "00000000-0000-0000-0000-000000000000")
    assert check_subscription("subscription_id", "ABCDEF01-2345-6789-abcd-ef0123456789")
    for bad in ("00000000-0000-0000-0000-00000000000", "sub-1", "../providers", "00000000-0000-0000-0000-000000000000/x",
                "{00000000-0000-0000-0000-000000000000}", ""):
        with pytest.raises(InvalidName, match="^subscription_id "):
            check_subscription("subscription_id", bad)


def test_tenant_is_a_guid_or_a_domain_name():
    for good in ("72f988bf-0000-4000-8000-00000000a11b", "contoso.onmicrosoft.com", "adfs", "organizations"):
        assert check_tenant("tenant", good) == good
    for bad in ("common/../x", "a b", "contoso.com/", "-contoso.com", "a..b", "x" * 64 + ".com"):
        with pytest.raises(InvalidName, match="^tenant "):
            check_tenant("tenant", bad)


def test_check_options_checks_only_what_is_set_in_order():
    params = dict(name=".", resource_group="RG.", subscription_id=None, tenant=None)
    with pytest.raises(InvalidName, match="^name "):
        check_options(params, names={"name": "connection"}, groups=("resource_group",),
                      subscriptions=("subscription_id",), tenants=("tenant",))
    check_options(dict(name="ok", resource_group="RG", subscription_id=None), names={"name": "connection"},
                  groups=("resource_group",), subscriptions=("subscription_id",))


def test_a_subscription_or_tenant_from_the_environment_is_checked_naming_its_source():
    settings = AuthSettings(method="client_secret", origin="environment variables",
                            subscription_id="00000000-0000-0000-0000-000000000000/resourceGroups", tenant="t")
    with pytest.raises(InvalidName, match=r"^subscription_id \(from environment variables\) "):
        check_settings(settings)
    settings.subscription_id = "00000000-0000-0000-0000-000000000000"
    settings.tenant = "evil/../x"
    with pytest.raises(InvalidName, match=r"^tenant \(from environment variables\) "):
        check_settings(settings)
    settings.tenant = None  # a managed identity needs none
    check_settings(settings)
