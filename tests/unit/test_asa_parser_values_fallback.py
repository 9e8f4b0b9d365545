# -*- coding: utf-8 -*-
"""The ASA parser's IPv4 fast path is checked against ipaddress's constructors at import: a check that cannot
even run (another Python's ipaddress, e.g. one whose objects have __slots__, so vars() raises) means the
constructors are used, not an import error."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import values


def _no_dict(obj):
    raise TypeError("vars() argument must have __dict__ attribute")


def test_a_check_that_raises_means_the_constructors(monkeypatch):
    assert values._fast_is_constructor() is True  # this Python: the fast path
    monkeypatch.setattr(values, "vars", _no_dict, raising=False)  # shadows the builtin in that module only
    assert values._fast_is_constructor() is False
