# -*- coding: utf-8 -*-
"""asa_vpn_tunnel's RETURN against what the module really returns, over the fake persistent connection of
test_asa_tunnel_context (a multi-context ASA holding the seed's config): a push saved, a `write memory` the ASA refuses,
a line it refuses (undone), a context changed into, and the same as ends of ``tunnels``. Every key of the task's result
is documented in RETURN, and every key of an item of ``results`` is one RETURN documents or its ``results`` entry names
(review: ``saved``, which the align role reads to let Azure follow an end applied but not saved, was undocumented)."""

import re

import pytest
import yaml

from ansible_collections.vpnalign.s2s.plugins.modules import asa_vpn_tunnel
from test_asa_tunnel_context import PFS, PFS_LINE, Device, run

# keys Ansible gives every module result (and run_main's own), not the module's to document
ANSIBLE_KEYS = {"changed", "failed", "msg", "warnings", "deprecations", "invocation", "diff"}
LIFETIME = dict(crypto_map="CRYPTO-MAP", seq=2, child_lifetime_kilobytes="102400000")
LIFETIME_LINE = "crypto map CRYPTO-MAP 2 set security-association lifetime kilobytes 102400000"
CASES = {
    "saved, in a context, with a backup": (dict(PFS, save_when="changed", context="cust1", backup=True), {}),
    "write memory refused": (dict(PFS, save_when="changed"), {"refuse": {"write memory"}}),
    "a line refused after one applied": (dict(PFS, child_lifetime_kilobytes="102400000"), {"refuse": {LIFETIME_LINE}}),
    "tunnels, write memory refused": (dict(tunnels=[dict(PFS, name="a"), dict(LIFETIME, name="b")], save_when="changed"),
                                      {"refuse": {"write memory"}}),
    "tunnels, a line refused": (dict(tunnels=[dict(PFS, name="a"), dict(LIFETIME, name="b")]), {"refuse": {PFS_LINE}}),
}


def _documented():
    documented = yaml.safe_load(asa_vpn_tunnel.RETURN)
    # the keys the ``results`` entry names for an item beyond the task's own: C(name), C(still_to_send)...
    text = " ".join(documented["results"]["description"])
    return set(documented), set(re.findall(r"C\(([a-z_]+)\)", text))


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_key_asa_vpn_tunnel_returns_is_documented(monkeypatch, capsys, tmp_path, case):
    args, faults = CASES[case]
    if args.get("backup"):
        args = dict(args, backup_dir=str(tmp_path))
    result, _device = run(monkeypatch, capsys, args, Device(login="cust1", **faults))
    assert result.get("applied") or result.get("results"), result.get("msg")  # something was sent: the keys it is about
    task_keys, item_keys = _documented()
    undocumented = sorted(set(result) - ANSIBLE_KEYS - task_keys)
    for item in result.get("results") or ():
        undocumented += ["results[].%s" % key for key in sorted(set(item) - ANSIBLE_KEYS - task_keys - item_keys)]
    assert undocumented == []
