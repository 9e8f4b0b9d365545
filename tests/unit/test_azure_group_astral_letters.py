# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A resource group name of look-alike letters from outside the Basic Multilingual Plane (the mathematical
alphanumerics that render as "rg-hub") is refused before any request, as Azure refuses it: the REST API's pattern
^[-\\w\\._\\(\\)]+$ and Char.IsLetterOrDigit look at UTF-16 code units, and each half of a surrogate pair is neither
a letter nor a digit. The module says so naming the option; it sent the request."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.names import InvalidName, check_resource_group
from ansible_collections.vpnalign.s2s.plugins.modules import azure_vpn_facts

from module_main import run_main

# "rg-hub" in MATHEMATICAL SANS-SERIF SMALL letters (U+1D5CB ...): looks like the real group in most fonts
LOOKALIKE = "\U0001d5cb\U0001d5c0-\U0001d5c1\U0001d5ce\U0001d5bb"


@pytest.mark.parametrize("value", [LOOKALIKE, "rg-\U0001d400", "\U00020000-group", "rg-" + "\U0001d7ce" * 3])
def test_a_group_with_letters_outside_the_bmp_is_refused(value):
    with pytest.raises(InvalidName) as caught:
        check_resource_group("resource_group", value)
    assert str(caught.value).startswith("resource_group "), str(caught.value)


@pytest.mark.parametrize("value", ["rg-hub", "Ressourcengruppe-\u00fc\u00df", "\u8d44\u6e90\u7ec4", "r" * 90])
def test_groups_of_bmp_letters_still_pass(value):
    assert check_resource_group("resource_group", value) == value


def test_the_facts_module_refuses_it_before_anything_is_sent(monkeypatch, capsys):
    result, _out = run_main(monkeypatch, capsys, azure_vpn_facts, {
        "connection": "UKSouth-HQ-S2S", "resource_group": LOOKALIKE,
        "subscription_id": "00000000-0000-0000-0000-000000000000", "auth_source": "cli"})
    assert result.get("failed") is True
    assert "resource_group" in result["msg"] and "nothing was sent" in result["msg"], result["msg"]
