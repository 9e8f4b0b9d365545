# -*- coding: utf-8 -*-
"""The ``azure`` entry of RETURN is written out in each Azure module: ansible-doc merges a doc fragment into
DOCUMENTATION only (options, attributes, notes, seealso: ansible-core utils/plugin_docs.py add_fragments), never into
RETURN, and ansible-test validates each module's docs as they stand. So the copies are checked here against each
other and against what the modules return, so that they cannot drift apart."""

import pytest
import yaml

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import resolve_auth
from ansible_collections.vpnalign.s2s.plugins.modules import azure_vpn_connection, azure_vpn_evidence, azure_vpn_facts

MODULES = (azure_vpn_connection, azure_vpn_evidence, azure_vpn_facts)
# worded per module on purpose: the subscription changed or read, and how each module chooses one among several
PER_MODULE = frozenset(["subscription_id", "subscription_from"])


def _documented(module):
    return yaml.safe_load(module.RETURN)["azure"]["contains"]


def _returned_keys():
    """The keys of the ``azure`` summary every Azure module returns (AuthSettings.describe)."""
    return set(resolve_auth({"auth_source": "msi"}, env={}, read_text={}.get, home="/nohome").describe())


@pytest.mark.parametrize("module", MODULES, ids=range(len(MODULES)))
def test_each_azure_module_documents_every_key_of_the_azure_summary(module):
    missing = _returned_keys() - set(_documented(module))
    assert not missing, "%s RETURN azure.contains lacks %s" % (module.__name__, sorted(missing))


def test_the_keys_that_mean_the_same_are_documented_alike_in_each_module():
    shared = _returned_keys() - PER_MODULE
    assert shared  # credential, credentials_from, cloud_environment, base_url, authority
    first = _documented(MODULES[0])
    for module in MODULES[1:]:
        documented = _documented(module)
        for key in sorted(shared):
            assert documented[key] == first[key], "%s: azure.%s differs from %s's" % (
                module.__name__, key, MODULES[0].__name__)
