# -*- coding: utf-8 -*-
"""The checks the action plugins make on a task's arguments as given, before ansible-core's own."""

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.raw_options import sub_options_error
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import short_secret_error

MINIMUMS = {"shared_key": 8}


@pytest.mark.parametrize("value, says", [
    ("k", "shared_key is 1 character long; give a random string of at least 8"),
    ("seven77", "shared_key is 7 characters long; give a random string of at least 8"),
    (1234, "shared_key is 4 characters long; give a random string of at least 8"),  # Ansible would make it "1234"
    ("eight888", None),
    ("", None),  # empty: the module's to refuse (or, for a digest key, a random one is drawn)
    (None, None),
    (True, None),  # not text: Ansible's type check names it
    (["k"], None),
])
def test_a_short_secret_is_named_by_its_length_never_its_value(value, says):
    assert short_secret_error({"shared_key": value}, MINIMUMS) == says


def test_the_scope_names_the_item():
    assert short_secret_error({"shared_key": "abc"}, MINIMUMS, "tunnels[3].").startswith("tunnels[3].shared_key is 3")


SPEC = {
    "ike": {"type": "dict", "options": {"encryption": {"type": "list"}}},
    "selectors": {"type": "list", "elements": "dict", "options": {"local": {"type": "list"}}},
    "name": {"type": "str"},
    "tags": {"type": "dict"},  # no sub-options: anything goes to Ansible's own check
}


@pytest.mark.parametrize("values, says", [
    ({"ike": "AES256"}, "ike must be a mapping of its options"),
    ({"ike": ["AES256"]}, "ike must be a mapping of its options"),
    ({"selectors": "10.0.0.0/8"}, "selectors must be a list of mappings"),
    ({"selectors": {"local": []}}, "selectors must be a list of mappings"),
    ({"selectors": [{"local": []}, "10.0.0.0/8"]}, "selectors must be a list of mappings"),
    ({"ike": {"encryption": ["AES"]}, "selectors": [{"local": []}], "name": 5, "tags": "x"}, None),
    ({"ike": None}, None),
])
def test_an_option_with_sub_options_given_as_no_mapping_is_named(values, says):
    assert sub_options_error(values, SPEC) == says
