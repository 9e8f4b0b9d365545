# -*- coding: utf-8 -*-
"""Saved ASA configs as backup tools keep them (Oxidized, RANCID) give the verdicts of the plain
``show running-config`` (issue 12: estates check their backup directories offline).

The shapes are made here from the bundled examples the way each tool saves a device's
``more system:running-config`` (keys in clear), as read in the tools' sources:

- Oxidized (ytti/oxidized lib/oxidized/model/asa.rb; its spec/model/data/asa#5512_9.12-4-67_single-context
  files show a device's output and the saved file): ``show version`` and ``show inventory`` as ``! `` comments
  first, every line starting with ``:`` dropped (``: Saved``, ``: end``...), ``Cryptochecksum:`` kept; with
  ``remove_secret`` its ``:secret`` filter writes ``<secret hidden>`` in place of keys and password hashes.
- RANCID (haussli/rancid lib/ios.pm.in, WriteTerm; etc/rancid.types.base runs ``more system:running-config``
  for ASAs): a ``!RANCID-CONTENT-TYPE`` header and ``!`` comments first, ``: Saved`` and ``Cryptochecksum:``
  dropped, ``: end`` kept, runs of ``!`` lines squeezed to one; with FILTER_PWDS (on by default) a line
  holding a tunnel-group key is commented out with the key as ``<removed>``; a crypto map's key is left as is.
"""

import json
import os
import re

import pytest

from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.facts import asa_facts_from_text
from ansible_collections.vpnalign.s2s.plugins.module_utils.asa.parser import parse_asa_config
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.facts import azure_facts_from_data
from ansible_collections.vpnalign.s2s.plugins.module_utils.compat import run_check
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_files import write_reports
from ansible_collections.vpnalign.s2s.plugins.module_utils.report_gate import compact_result
from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import make_psk_digester
from ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources import asa_facts_from, azure_facts_from

EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "examples")
# the bundled examples with an ASA config (policy-based with a crypto map key; route-based VTI with BGP)
EXAMPLE_NAMES = ("seed-asa-azure-pfs", "route-based-vti-bgp")
KEY = "Azure-Shared-Key-7"  # the key as the device holds it: backups read it in clear
HASH = "$sha512$5000$QUJDREVGR0hJSktM"


def example(name, what="asa_running_config.txt"):
    with open(os.path.join(EXAMPLES, name, what), encoding="utf-8") as handle:
        return handle.read()


def as_device_holds_it(text):
    """``more system:running-config``, which backup tools read: keys and password hashes in clear."""
    text = text.replace("pre-shared-key *****", "pre-shared-key " + KEY)
    return text.replace("password ***** pbkdf2", "password %s pbkdf2" % HASH)


OXIDIZED_HEAD = [
    "! ", "! Cisco Adaptive Security Appliance Software Version 9.16(4) ", "! ",
    "! Hardware:   ASAv, 2048 MB RAM, CPU Xeon 4100/6100/8100 series 2200 MHz, 1 CPU (1 core)",
    "! Serial Number: 9ACM3LX4T2P", "! ", '! Name: "Chassis", DESCR: "ASAv Adaptive Security Virtual Appliance"',
    "! PID: ASAv              , VID: V01     , SN: 9ACM3LX4T2P", "! ", "!",
]


def oxidized(text, remove_secret=True):
    lines = [line for line in as_device_holds_it(text).splitlines() if not line.startswith(":")]
    if remove_secret:  # its :secret filter's substitutions for these lines
        lines = [re.sub(r"(ikev[12] ((remote|local)-authentication )?pre-shared-key( hex)?) (\S+)", r"\1 <secret hidden>",
                        re.sub(r"(enable|username \S+) password (\S+) (.*)", r"\1 password <secret hidden> \3", line))
                 for line in lines]
    return "\n".join(OXIDIZED_HEAD + lines) + "\n\n"


RANCID_HEAD = ["!RANCID-CONTENT-TYPE: cisco", "!", "!Chassis type: ASAv - a PIX", "!Memory: 2048 MB RAM",
               "!Serial Number: 9ACM3LX4T2P", "!Image: Software: asav9-16-4-smp-k8.bin", "!"]


def rancid(text):
    out, after_comment = list(RANCID_HEAD), False
    for line in as_device_holds_it(text).splitlines():
        if line.startswith(": Saved") or line.startswith("Cryptochecksum:"):
            continue
        if re.match(r"!\s*$", line):
            if not after_comment:
                out.append(line)
            after_comment = True
            continue
        after_comment = False
        key = re.match(r"(( ikev2)? (local|remote)-authentication pre-shared-key |( ikev1)? pre-shared-key )", line)
        password = re.match(r"(enable password|username \S+ password) ", line)
        if key:
            line = "!%s <removed> " % key.group(1)
        elif password:
            line = "!%s <removed>" % password.group(1)
        out.append(line)
    return "\n".join(out) + "\n"


SHAPES = {"plain": lambda text: text, "oxidized": oxidized, "oxidized-keys-in-clear": lambda text: oxidized(text, False),
          "rancid": rancid}


def test_the_shapes_are_what_the_tools_save():
    """The test's copies hold what the tools' sources say they write (else the comparison below proves little)."""
    plain = example("route-based-vti-bgp")
    saved = oxidized(plain)
    assert saved.startswith("! \n! Cisco Adaptive Security Appliance") and "\nASA Version 9.16(4)\n" in saved
    assert "\n:" not in saved and "Cryptochecksum:" in saved
    assert " ikev2 remote-authentication pre-shared-key <secret hidden>\n" in saved
    assert "enable password <secret hidden> pbkdf2\n" in saved and KEY not in saved and HASH not in saved
    assert KEY in oxidized(plain, remove_secret=False)
    saved = rancid(plain)
    assert saved.startswith("!RANCID-CONTENT-TYPE: cisco\n!\n") and "\n!\n!\n" not in saved
    assert ": Saved" not in saved and "Cryptochecksum" not in saved and saved.endswith("\n: end\n")
    assert "\n! ikev2 local-authentication pre-shared-key  <removed> \n" in saved
    assert "\n!enable password <removed>\n" in saved and HASH not in saved and KEY not in saved
    # RANCID filters a tunnel-group's key lines only: a crypto map's key stays in the file
    assert "crypto map CRYPTO-MAP 2 set ikev2 pre-shared-key %s\n" % KEY in rancid(example("seed-asa-azure-pfs"))


def _outcome(report, sources):
    """What a user reads: each tunnel's verdict and finding codes, and the findings each config gave."""
    tunnels = sorted((t["asa"]["host"], t["name"], t["verdict"], tuple(sorted(f["code"] for f in t["findings"])))
                     for t in report["tunnels"])
    read = sorted((s.get("host"), tuple(sorted(f["code"] for f in s.get("findings")))) for s in sources)
    return tunnels, read, report["unpaired"]


@pytest.fixture(scope="module")
def azure_exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("azure")
    for name in EXAMPLE_NAMES:
        (folder / ("azure-%s.json" % name)).write_text(example(name, "azure_resources.json"))
    return str(folder)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_directory_of_backups_gives_the_verdicts_of_the_plain_configs(tmp_path, azure_exports, shape):
    plain_dir, backups = tmp_path / "show-running-config", tmp_path / shape
    plain_dir.mkdir()
    backups.mkdir()
    for name in EXAMPLE_NAMES:
        text = example(name)
        # names tools/secret_scan.py takes as the check's input: some backups hold keys in clear, as tools save them
        (plain_dir / ("asa-%s.txt" % name)).write_text(text)
        (backups / ("asa-%s.txt" % name)).write_text(SHAPES[shape](text))

    def check(folder):
        sources = asa_facts_from({}, paths=str(folder), ends=True)  # what vpn_compat_check does with asa_config_files
        report = run_check(sources, azure_facts_from({}, paths=azure_exports, ends=True))
        return report, _outcome(report, sources)

    report, outcome = check(backups)
    _plain_report, expected = check(plain_dir)
    assert len(expected[0]) == 2 and {t[2] for t in expected[0]} == {"fail"}  # both examples' tunnels, paired
    # The same tunnels, verdicts and finding codes, and no finding about the text the plain file does not have.
    # RANCID comments out the tunnel-group's key lines: read as a key that is not known, as the plain file's
    # ***** is; not as a tunnel-group without authentication (AUTH_MISMATCH, an error, before the fix).
    assert outcome == expected
    assert KEY not in json.dumps(report) and HASH not in json.dumps(report)


@pytest.mark.parametrize("shape", ["rancid", "oxidized-keys-in-clear"])
def test_keys_a_backup_holds_in_clear_are_in_no_fact_report_file_or_result(tmp_path, azure_exports, shape):
    """What the README says of backups: RANCID (FILTER_PWDS=YES, its default) leaves a crypto map entry's key in
    clear, Oxidized without remove_secret (or RANCID with FILTER_PWDS=NO) every key and password hash; the check
    reads them and writes none - not in the facts (with or without a psk_hash_key digest), the four report files or
    the compact result the task returns."""
    backups = tmp_path / shape
    backups.mkdir()
    for name in EXAMPLE_NAMES:
        # names tools/secret_scan.py takes as the check's input: these backups hold keys in clear
        (backups / ("asa-%s.txt" % name)).write_text(SHAPES[shape](example(name)))
    held = "".join(path.read_text() for path in backups.iterdir())
    assert "set ikev2 pre-shared-key %s\n" % KEY in held  # the crypto map's key, in clear in both shapes
    assert (" local-authentication pre-shared-key %s\n" % KEY in held) == (shape != "rancid")
    facts = asa_facts_from({}, paths=str(backups))  # the facts as asa_vpn_facts src= returns them
    digested = [asa_facts_from_text(SHAPES[shape](example(name)), source="src", psk_digest=make_psk_digester("run-key"))
                for name in EXAMPLE_NAMES]  # with psk_hash_key: each key's digest, to compare with Azure's
    report = run_check(asa_facts_from({}, paths=str(backups), ends=True), azure_facts_from({}, paths=azure_exports, ends=True))
    files = write_reports(report, str(tmp_path / "out"))
    assert len(files) == 4
    written = [json.dumps(facts), json.dumps(digested), json.dumps(compact_result(report, files))]
    written += [open(path, encoding="utf-8").read() for path in files]
    assert not [text for text in written if KEY in text or HASH in text]


# ---------------------------------------------------------------------------
# A placeholder in place of a key is no key
# ---------------------------------------------------------------------------
TUNNEL_GROUP = ("tunnel-group 203.0.113.20 type ipsec-l2l\ntunnel-group 203.0.113.20 ipsec-attributes\n"
                " ikev2 remote-authentication pre-shared-key %s\n ikev2 local-authentication pre-shared-key %s\n")


@pytest.mark.parametrize("placeholder", ["<secret hidden>", "<removed>", "hex <secret hidden>", "<secret hidden> 0xB10B"])
def test_a_key_placeholder_reads_as_masked_never_as_a_key(placeholder):
    """Oxidized writes ``<secret hidden>`` (after ``hex``, or before the rest of a type-8 key, which its filter
    leaves); RANCID ``<removed>``. Taken as a key, the placeholder's digest would be compared with the peer's."""
    digested = []
    config, findings = parse_asa_config(TUNNEL_GROUP % (placeholder, placeholder),
                                        psk_digest=lambda key: digested.append(key) or "digest")
    group = config.tunnel_groups["203.0.113.20"]
    for key, line in ((group.ikev2_remote_psk, group.ikev2_remote_line), (group.ikev2_local_psk, group.ikev2_local_line)):
        assert (key.state, key.digest) == ("masked", None)
        assert line.text.endswith(" pre-shared-key *****") and line.line in (3, 4)  # the evidence names the line
    assert digested == [] and findings == []


def test_a_hex_key_is_not_digested_as_text():
    """``pre-shared-key hex <digits>``: the key's bytes in hexadecimal (the form Oxidized's filter matches). Digested as
    the text "hex 4142...", it would be compared with the peer's key as a different key: a false AUTH_MISMATCH."""
    digested = []
    config, findings = parse_asa_config(TUNNEL_GROUP % ("hex 53656372657431323334", "hex 53656372657431323334"),
                                        psk_digest=lambda key: digested.append(key) or "digest")
    group = config.tunnel_groups["203.0.113.20"]
    assert [(k.state, k.digest) for k in (group.ikev2_remote_psk, group.ikev2_local_psk)] == [("masked", None)] * 2
    assert group.ikev2_remote_line.text.endswith(" pre-shared-key *****") and "5365" not in group.ikev2_local_line.text
    assert digested == [] and findings == []


def test_rancid_commented_key_lines_read_as_masked_keys_and_keep_the_block_open():
    """RANCID's ``!`` + the line with ``<removed>`` is that sub-command with its key unknown, and the tunnel-group's
    next sub-commands stay in it (a comment ends a block)."""
    text = ("tunnel-group 203.0.113.20 type ipsec-l2l\ntunnel-group 203.0.113.20 ipsec-attributes\n"
            "! ikev1 pre-shared-key  <removed> \n isakmp keepalive threshold 30 retry 5\n"
            "! ikev2 remote-authentication pre-shared-key  <removed> \n"
            "! ikev2 local-authentication pre-shared-key  <removed> \n"
            "!\n!enable password <removed>\n")
    config, findings = parse_asa_config(text, psk_digest=lambda key: "digest")
    group = config.tunnel_groups["203.0.113.20"]
    assert [(k.state, k.digest, k.line.line) for k in (group.ikev1_psk, group.ikev2_remote_psk, group.ikev2_local_psk)] == [
        ("masked", None, 3), ("masked", None, 5), ("masked", None, 6)]
    assert (group.ikev2_remote_auth, group.ikev2_local_auth) == ("psk", "psk")
    assert group.ikev2_remote_line.text == "ikev2 remote-authentication pre-shared-key *****"
    assert (group.keepalive.threshold, group.keepalive.retry) == (30, 5)
    assert findings == []


def test_rancid_s_older_key_line_without_ikev1_is_read_too():
    """RANCID's pattern makes "ikev1" optional ("( ikev1)? pre-shared-key "): the form without it, two words before
    the placeholder's line ends, is the same key line."""
    text = ("tunnel-group 203.0.113.20 type ipsec-l2l\ntunnel-group 203.0.113.20 ipsec-attributes\n"
            "! pre-shared-key  <removed> \n isakmp keepalive threshold 30 retry 5\n")
    config, findings = parse_asa_config(text, psk_digest=lambda key: "digest")
    group = config.tunnel_groups["203.0.113.20"]
    assert (group.ikev1_psk.state, group.ikev1_psk.digest, group.ikev1_psk.line.line) == ("masked", None, 3)
    assert (group.keepalive.threshold, group.keepalive.retry) == (30, 5) and findings == []


def _seed_with_azure_key(azure_key, asa_text):
    """The seed tunnel checked with both keys digested by one run key, as the live check and psk_hash_key do."""
    digester = make_psk_digester("run-key")
    arm = json.loads(example("seed-asa-azure-pfs", "azure_resources.json"))
    [connection] = [r for r in arm if r["type"].lower() == "microsoft.network/connections"]
    connection["properties"]["sharedKey"] = azure_key
    asa = asa_facts_from_text(asa_text, source="src", psk_digest=digester)
    [tunnel] = run_check(asa, azure_facts_from_data(arm, psk_digest=digester))["tunnels"]
    return tunnel


@pytest.mark.parametrize("shape", ["oxidized", "rancid"])
def test_a_backups_placeholder_is_not_compared_with_azures_key(shape):
    plain = example("seed-asa-azure-pfs")
    expected = _seed_with_azure_key(KEY, plain)
    tunnel = _seed_with_azure_key(KEY, SHAPES[shape](plain))
    # before the fix: Oxidized's "<secret hidden>" was digested as the key, an AUTH_MISMATCH error
    assert (tunnel["verdict"], sorted(f["code"] for f in tunnel["findings"])) == (
        expected["verdict"], sorted(f["code"] for f in expected["findings"]))
    assert "AUTH_MISMATCH" not in [f["code"] for f in tunnel["findings"]] and KEY not in json.dumps(tunnel)
    # the keys a backup does hold are still compared (Oxidized without remove_secret)
    differing = _seed_with_azure_key("Another-Key-9", oxidized(plain, remove_secret=False))
    assert "AUTH_MISMATCH" in [f["code"] for f in differing["findings"]]


def test_a_bgp_neighbor_password_filtered_by_rancid_or_oxidized_keeps_the_neighbor_as_read_from_the_plain_file():
    """RANCID comments out ``neighbor X password`` under the address family (``! neighbor X password <removed>``):
    the neighbor's next lines (``activate``) stay in the block, and the password is reported as in the plain file."""
    password = "  neighbor 10.60.255.254 password 0 *****\n"
    plain = example("route-based-vti-bgp").replace("  neighbor 10.60.255.254 remote-as 65515\n",
                                                   "  neighbor 10.60.255.254 remote-as 65515\n" + password)
    saved = {"rancid": rancid(plain).replace(password, "! neighbor 10.60.255.254 password <removed>\n"),
             "oxidized": oxidized(plain).replace(password, "  neighbor 10.60.255.254 password <secret hidden>\n")}
    arm = json.loads(example("route-based-vti-bgp", "azure_resources.json"))

    def outcome(text):
        config, _findings = parse_asa_config(text)
        facts = asa_facts_from_text(text, source="src")
        [tunnel] = run_check(facts, azure_facts_from_data(arm))["tunnels"]
        codes = sorted(f["code"] for f in facts["findings"]), sorted(f["code"] for f in tunnel["findings"])
        return config.bgp.neighbors["10.60.255.254"].activated, tunnel["verdict"], codes

    expected = outcome(plain)
    assert expected == (True, "fail", (["UNSUPPORTED_CONSTRUCT"], ["BGP_MULTIHOP_MISSING", "UNSUPPORTED_CONSTRUCT"]))
    for shape, text in saved.items():
        assert outcome(text) == expected, shape


def _check_codes(text):
    """(each tunnel's name, verdict, finding codes), the parse findings' codes and the ASA end's facts, for one config."""
    facts = asa_facts_from_text(text, source="src")
    report = run_check(facts, azure_facts_from_data(json.loads(example("seed-asa-azure-pfs", "azure_resources.json"))))
    return ([(t["name"], t["verdict"], sorted(f["code"] for f in t["findings"])) for t in report["tunnels"]],
            sorted(f["code"] for f in facts["findings"]), json.dumps(facts["tunnels"], sort_keys=True))


def _flattened(text):
    return "".join(line.lstrip(" ") for line in text.splitlines(True))


def test_a_rancid_key_line_in_a_flattened_config_changes_nothing_after_it():
    """A config pasted without indentation is read by what each line is; a RANCID "!" line must not make the parser
    take the rest as indented text (it did: the tunnel-group lost its next line, an AUTH_MISMATCH error)."""
    plain = _flattened(example("seed-asa-azure-pfs"))
    filtered = plain.replace("ikev2 remote-authentication pre-shared-key *****\n",
                             "! ikev2 remote-authentication pre-shared-key  <removed> \n")
    assert filtered != plain
    verdicts, parse_codes, _facts = _check_codes(filtered)
    assert (verdicts, parse_codes) == _check_codes(plain)[:2]
    assert "AUTH_MISMATCH" not in verdicts[0][2]
    # and a RANCID line the parser does not read (an interface's OSPF key), before every block, leaves the whole config
    # as read with a plain comment there
    other = "security-level 0\n! ospf message-digest-key 1 md5 %s\n"
    assert _check_codes(plain.replace("security-level 0\n", other % "<removed>", 1)) == _check_codes(
        plain.replace("security-level 0\n", other % "", 1))


@pytest.mark.parametrize("after, line", [
    (" network-object object Azure-UKSouth-LAN\n", "! network-object 192.168.0.0 255.255.0.0 <removed>"),
    (" subnet 172.16.0.0 255.255.0.0\n", "! subnet 172.17.0.0 255.255.0.0 <removed>"),
    (" ip address 198.51.100.10 255.255.255.248\n", "! ip address 192.0.2.4 255.255.255.0 <removed>"),
    (" encryption aes\n", "! encryption des <removed>"),
    (" protocol esp encryption aes-gcm\n", "! protocol esp encryption des <removed>"),
    (" lifetime seconds 28800\n", "! lifetime seconds 120 <removed>"),
    (" default-group-policy AzureGroupPolicy-UKSouth\n", "! default-group-policy Other <removed>"),
    (" vpn-tunnel-protocol ikev2\n", "! vpn-tunnel-protocol ikev1 <removed>"),
    (" ikev2 local-authentication pre-shared-key *****\n", "! isakmp keepalive threshold 10 retry 2 <removed>"),
])
def test_a_comment_line_with_removed_is_no_sub_command_unless_it_is_one_rancid_writes(after, line):
    """Only the lines RANCID writes for a secret it filters (a tunnel-group key, a BGP neighbor password) are read
    from a "!" line; any other "!" line holding "<removed>" is a comment, whatever block is open: the config reads as
    with the same comment without "<removed>" (it put the line's sub-command into the block: DES, another subnet...)."""
    plain = example("seed-asa-azure-pfs")
    assert plain.count(after) == 1
    assert _check_codes(plain.replace(after, after + line + "\n")) == _check_codes(
        plain.replace(after, after + line.replace(" <removed>", "") + "\n"))
