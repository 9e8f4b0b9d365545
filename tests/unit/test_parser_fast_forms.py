# -*- coding: utf-8 -*-
"""The parser's fast paths of issue 12's tenth pass read what the general ones read, on random input: the
commonest ``crypto map M S set ...`` lines read in place (against _entry_set's chain), the ACE of nine words
with two named operands read by access_list itself (against _ace), and the driver's loop with its block in a
local and one strip for an indented line (against the per-line path, _line then _read)."""

import random

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import _Parser, crypto_maps, objects


def _state(text):
    parser = _Parser()
    parser.feed(text)
    parser.finish()
    return (repr(parser.config), [repr(f) for f in parser.config.findings],
            [(kind, name, line.line, context) for kind, name, line, context in parser.references],
            parser.indented_text)


# valid values and each way of missing them: out of range, not ASCII digits, leading zeros, names, DNS names
SET_FORMS = [
    "set security-association lifetime seconds 28800", "set security-association lifetime seconds 120",
    "set security-association lifetime seconds 119", "set security-association lifetime seconds 2147483647",
    "set security-association lifetime seconds 2147483648", "set security-association lifetime seconds 0028800",
    "set security-association lifetime seconds \uff12\uff18\uff18\uff10\uff10", "set security-association lifetime seconds x",
    "set security-association lifetime seconds 1234567890123", "set security-association lifetime seconds",
    "set security-association lifetime kilobytes 4608000", "set security-association lifetime kilobytes 10",
    "set security-association lifetime kilobytes 9", "set security-association lifetime kilobytes unlimited",
    "set security-association lifetime minutes 30", "set security-association lifetime seconds 3600 kilobytes 10",
    "set security-association replay window-size 64", "set security-association lifetime",
    "set peer 203.0.113.9", "set peer 203.0.113.10", "set peer PEERNAME", "set peer 203.0.113.09", "set peer 203.0.113",
    "set peer vpn.example.com", "set peer 2001:db8::9", "set peer 203.0.113.9 203.0.113.10", "set peer 10.1.1.1",
    "set peer", "set pfs group19", "set pfs group14", "set pfs group7", "set pfs group", "set pfs groupx", "set pfs",
    "set pfs group\u0661\u0669", "set pfs group019", "set pfs 19", "set pfs group19 group20",
    "set ikev2 ipsec-proposal P1", "set ikev2 ipsec-proposal P1 P2", "set ikev2 ipsec-proposal NOPE P1",
    "set ikev2 ipsec-proposal", "set ikev2 pre-shared-key *****", "set ikev1 transform-set T1",
    "set nat-t-disable", "set connection-type bidirectional", "set reverse-route", "set", "match address L1",
]
DEFINITIONS = ("crypto ipsec ikev2 ipsec-proposal P1\n protocol esp encryption aes-256\n"
               "access-list L1 extended permit ip any any\nname 10.1.1.1 PEERNAME\n")


def _map_text(rng):
    lines = []
    for _entry in range(25):
        head = "%s %s %s" % (rng.choice(["crypto map", "crypto map", "crypto dynamic-map"]), rng.choice(["M", "N"]),
                             rng.choice(["10", "20", "30", "0"]))
        lines.extend("%s %s" % (head, rng.choice(SET_FORMS)) for _line in range(rng.randint(1, 6)))
        if rng.random() < 0.2:
            lines.append(rng.choice(["name 203.0.113.9 PEERNAME", "name 10.1.1.2 203.0.113.10",
                                     "crypto ipsec ikev2 ipsec-proposal P2"]))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(30))
def test_crypto_map_settings_read_in_place_read_what_entry_set_reads(seed, monkeypatch):
    text = _map_text(random.Random(seed))
    for prefix in ("", DEFINITIONS):  # names, proposals and the ACL defined after their use, and before
        fast = _state(prefix + text)
        with monkeypatch.context() as patched:
            patched.setattr(crypto_maps, "_entry_set_read", lambda *args: False)
            general = _state(prefix + text)
        assert fast == general


def test_the_random_settings_above_took_the_path_in_place(monkeypatch):
    taken = []
    read = crypto_maps._entry_set_read

    def counted(p, entry, words, count, line, context):
        found = read(p, entry, words, count, line, context)
        taken.append((words[5], found))
        return found
    monkeypatch.setattr(crypto_maps, "_entry_set_read", counted)
    _state(DEFINITIONS + _map_text(random.Random(1)) + _map_text(random.Random(2)))
    read_in_place = {setting for setting, found in taken if found}
    assert read_in_place == {"security-association", "peer", "pfs", "ikev2"}
    assert any(not found for _setting, found in taken)


NAMES = ["A", "B", "G", "H", "SVC", "MISSING"]
ACL_DEFINITIONS = ("object network A\n host 10.1.1.1\nobject network B\n subnet 10.2.0.0 255.255.0.0\n"
                   "object-group network G\n network-object object A\nobject-group network H\n group-object G\n"
                   "object-group service SVC tcp\n port-object eq 443\n")


def _acl_line(rng):
    words = ["access-list", rng.choice(["L1", "L2", "L3"])]
    if rng.random() < 0.1:
        words += ["line", "3"]
    words.append(rng.choice(["extended", "extended", "extended", "standard", "remark"]))
    words.append(rng.choice(["permit", "permit", "deny", "allow"]))
    words.append(rng.choice(["ip", "tcp", "udp", "50", "999", "icmp6", "object-group", "object"]))
    for _side in range(2):
        words.append(rng.choice(["object", "object-group", "object", "object-group", "host", "any", "interface"]))
        words.append(rng.choice(NAMES + ["10.1.1.1"]))
    if rng.random() < 0.1:
        words.append(rng.choice(["eq 443", "inactive", "log"]))
    return " ".join(words)


@pytest.mark.parametrize("seed", range(30))
def test_named_aces_read_by_access_list_read_what_ace_reads(seed, monkeypatch):
    rng = random.Random(seed)
    text = "\n".join(_acl_line(rng) for _line in range(80)) + "\n"
    for prefix in ("", ACL_DEFINITIONS):  # objects and groups defined after their use, and before
        fast = _state(prefix + text)
        with monkeypatch.context() as patched:
            patched.setattr(objects, "_NAMED_ACE_WORDS", 0)  # no line has 0 words: every ACE by _ace
            general = _state(prefix + text)
        assert fast == general


def test_the_random_aces_above_took_the_form_read_by_access_list(monkeypatch):
    made = []
    real_ace = objects._ace

    def counted(*args):
        ace = real_ace(*args)
        made.extend([ace] if ace is not None else [])
        return ace
    monkeypatch.setattr(objects, "_ace", counted)
    rng = random.Random(4)
    lines = [_acl_line(rng) for _line in range(300)]
    parser = _Parser()
    parser.feed(ACL_DEFINITIONS + "\n".join(lines))
    read = sum(len(acl.entries) for acl in parser.config.access_lists.values())
    assert read - len(made) > 10  # ACEs _ace did not read


INDENTED = ["  nameif outside", "\tnameif inside", " \t security-level 0", "  ip address 192.0.2.1 255.255.255.0 \t ",
            " \u00a0host 10.1.1.1", "\u00a0 host 10.1.1.2", " \u3000", "   ", " ! x", " : x", "  subnet 10.1.0.0 255.255.0.0\u2003",
            " network-object object A", "  description x y", " parameters", "  message-length maximum client auto"]
HEADERS = ["interface GigabitEthernet0/0", "object network A", "object-group network G", "policy-map type inspect dns D",
           "\u00a0object network B", "!", "tunnel-group 203.0.113.9 ipsec-attributes", "logging enable"]


@pytest.mark.parametrize("seed", range(20))
def test_the_loop_reads_indented_lines_as_the_per_line_path(seed):
    rng = random.Random(seed)
    lines = []
    for _block in range(30):
        lines.append(rng.choice(HEADERS))
        lines.extend(rng.choice(INDENTED) for _line in range(rng.randint(0, 4)))
    text = "\n".join(lines) + "\n"
    # a pager remnant's word anywhere sends the whole text down the per-line path (_line, then _read)
    assert _state(text) == _state(text + "! More\n")
