# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/secret_scan.py finds every kind of test secret in every kind of artifact of a test run,
exits 1 without printing the secret, passes a clean tree, and refuses to pass when it scanned nothing.

The planted trees live in a temporary directory of their own (not pytest's tmp_path): ``make test``
scans pytest's basetemp, and the secrets planted here must not be found there.
"""

import json
import os
import secrets
import shutil
import sys
import tempfile
import time
import urllib.parse

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tools"))
sys.path.insert(0, os.path.join(REPO, "tests"))
import secret_scan  # noqa: E402  pylint: disable=wrong-import-position
import secrets_registry  # noqa: E402  pylint: disable=wrong-import-position

KNOWN = secrets_registry.known_secrets(exclude=["tests/unit/test_secret_scan.py"])


def known(source_part, value_part=""):
    """The first known secret whose source mentions ``source_part``."""
    for secret in KNOWN:
        if source_part in secret.source and secret.value and value_part in secret.value:
            return secret.value
    raise AssertionError("no known secret from %s" % source_part)


# One of each kind the test run uses, taken from where the tests take them.
SECRETS = {
    "ASA lab config PSK": known("tests/lab/asa_ssh/configs/"),
    "ARM seed sharedKey": known("tests/lab/arm_https/seeds/"),
    "ARM lab client secret": known("tests/lab/arm_https/lab.py", "secret"),
    "integration test PSK": known("tests/integration/test_align.py", "PSK"),
    "integration test client secret": known("tests/integration/test_align.py", "S3cret"),
    "demo client secret": known("tools/demo_labs.py", "S3cret"),
}


def _unknown_key():
    return "Planted" + secrets.token_hex(6)


# How each artifact kind would carry a secret: (relative path, content around the secret)
ARTIFACTS = {
    "ansible.log": ("logs/test_x.log",
                    "2026-11-30 13:28:14,383 p=1 u=root n=ansible INFO| ok: [asa] => {{\"msg\": \"sent {}\"}}\n"),
    "report.json": ("tmp/test_y0/out/report.json", "{{\"tunnels\": [{{\"evidence\": \"{}\"}}]}}\n"),
    "lab log": ("lab/asa-lab-1-abc/commands.jsonl", "{{\"command\": \"echo {}\", \"result\": \"ok\"}}\n"),
    "~/.ansible file": ("dot-ansible/tmp/ansible-tmp-1/AnsiballZ_asa_vpn_tunnel.py", "ANSIBALLZ_PARAMS = '{}'\n"),
}


@pytest.fixture
def tree():
    """A scratch directory outside pytest's basetemp; removed afterwards."""
    path = tempfile.mkdtemp(prefix="secret-scan-test-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


def plant(root, relpath, text, lines_before=3):
    path = os.path.join(root, relpath)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("harmless line\n" * lines_before + text)
    return path


def scan(capsys, *roots, **kwargs):
    argv = list(roots) + ["--artifacts", kwargs.pop("artifacts", roots[0])] + kwargs.pop("extra", [])
    code = secret_scan.main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


def assert_not_shown(output, value):
    for form in secret_scan.variants(value):
        assert form.decode("utf-8") not in output


@pytest.mark.parametrize("artifact", sorted(ARTIFACTS))
@pytest.mark.parametrize("kind", sorted(SECRETS))
def test_each_known_secret_is_found_in_each_artifact_kind_and_not_printed(tree, capsys, kind, artifact):
    value = SECRETS[kind]
    relpath, template = ARTIFACTS[artifact]
    path = plant(tree, relpath, template.format(value))
    code, output = scan(capsys, tree)
    assert code == 1
    assert "%s:4: known secret from " % path in output
    assert "1 hit(s) in 1 file(s)" in output
    assert_not_shown(output, value)


# Keys in clear that no registry knows: the forms the collection or a library could write them in.
CLEAR_FORMS = {
    "ASA ikev2 line": ("ASA key line in clear", " ikev2 remote-authentication pre-shared-key {}\n"),
    "ASA ikev1 line": ("ASA key line in clear", "tunnel-group 1.2.3.4 ipsec-attributes\n ikev1 pre-shared-key {}\n"),
    "ASA line in a JSON log": ("ASA key line in clear",
                               '{{"commands": ["ikev2 local-authentication pre-shared-key {}"]}}\n'),
    "ARM JSON": ("sharedKey value", '{{"properties": {{"sharedKey": "{}"}}}}\n'),
    "module option": ("key or secret option value", '{{"pre_shared_key": "{}", "state": "present"}}\n'),
    "client_secret form body": ("key or secret option value", "grant_type=client_credentials&client_secret={}&x=1\n"),
    "AZURE_SECRET in an environment dump": ("key or secret option value", "AZURE_SECRET={}\n"),
    "az --password": ("secret on a command line", "az login --service-principal -u app --password {} --tenant t\n"),
    # what a read in clear (more system:running-config) holds besides keys
    "aaa-server key": ("ASA config secret in clear", "aaa-server RAD (inside) host 10.1.0.5\n key {}\n"),
    "SNMP community": ("ASA config secret in clear", "snmp-server host inside 10.1.0.60 community {} version 2c\n"),
    "failover key": ("ASA config secret in clear", "failover key {}\n"),
    "NTP key": ("ASA config secret in clear", "ntp authentication-key 1 md5 {}\n"),
    "LDAP login password": ("ASA config secret in clear", " ldap-login-password {}\n"),
}


@pytest.mark.parametrize("artifact", sorted(ARTIFACTS))
@pytest.mark.parametrize("form", sorted(CLEAR_FORMS))
def test_a_key_in_clear_that_no_registry_knows_is_found_by_its_form(tree, capsys, form, artifact):
    value = _unknown_key()
    kind, text = CLEAR_FORMS[form]
    relpath = ARTIFACTS[artifact][0]
    plant(tree, relpath, text.format(value))
    code, output = scan(capsys, tree)
    assert code == 1
    assert ": %s: " % kind in output
    assert_not_shown(output, value)


def test_secrets_made_at_run_time_are_found_registered_or_by_their_generator(tree, capsys):
    registered = _unknown_key()
    secrets_registry.register(registered, "test_secret_scan", artifacts=tree)
    generated = [s for s in KNOWN if s.pattern and "test_secrets_log_path" in s.source]
    assert generated, "the run-time keys of test_secrets_log_path.py are not known"
    made = "F1-Rejected-" + secrets.token_hex(8)
    plant(tree, "logs/a.log", "msg: sent %s\n" % registered)
    plant(tree, "logs/b.log", "msg: sent %s\n" % made)
    code, output = scan(capsys, tree)
    assert code == 1
    assert "a.log:4: known secret from registered: test_secret_scan" in output
    assert "b.log:4: generated secret from tests/integration/test_secrets_log_path.py" in output
    assert_not_shown(output, registered)
    assert_not_shown(output, made)
    # the registry holds no secret in clear, and the scan does not count it
    assert "0 test input" in output and "2 hit(s) in 2 file(s)" in output


def test_url_encoded_and_json_escaped_secrets_are_found(tree, capsys):
    value = SECRETS["integration test client secret"]
    assert value != urllib.parse.quote(value, safe="")  # the test secret has characters that change
    plant(tree, "logs/form.log", "body: x=%s\n" % urllib.parse.quote(value, safe=""))
    plant(tree, "logs/json.log", "body: %s\n" % json.dumps({"v": value}).replace("/", "\\/"))
    code, output = scan(capsys, tree)
    assert code == 1 and "2 hit(s) in 2 file(s)" in output


# How a key with a quote and a backslash comes out escaped: a repr in a pytest failure or a traceback, a module's JSON
# result quoted in ansible's JSON output, a repr of a JSON text, the junit xml's attributes
ESCAPED_FORMS = [
    lambda v: "AssertionError: assert %r in out\n" % v,
    lambda v: "E   b'%s'\n" % repr(v.encode())[2:-1],
    lambda v: json.dumps({"stdout": json.dumps({"msg": "sent %s" % v})}) + "\n",
    lambda v: "E   %r\n" % json.dumps({"k": v}),
    lambda v: '<testcase name="t"><failure message="%s"/></testcase>\n' % v.replace("&", "&amp;").replace('"', "&quot;"),
    lambda v: "<system-out>%s</system-out>\n" % json.dumps(v).replace("&", "&amp;").replace("<", "&lt;"),
]


@pytest.mark.parametrize("form", range(len(ESCAPED_FORMS)))
def test_json_and_python_repr_escaped_secrets_are_found_and_not_printed(tree, capsys, form):
    value = known("tests/integration/test_secret_echoes.py", '"')
    assert '"' in value and "\\" in value  # written otherwise by each layer of escaping
    text = ESCAPED_FORMS[form](value)
    assert value not in text and json.dumps(value)[1:-1] not in text or form in (4, 5)
    plant(tree, "logs/escaped.log", text)
    code, output = scan(capsys, tree)
    assert code == 1 and "1 hit(s) in 1 file(s)" in output and "known secret" in output, output
    assert_not_shown(output, value)


def test_a_secret_inside_binary_data_is_found(tree, capsys):
    value = SECRETS["ASA lab config PSK"]
    path = os.path.join(tree, "dot-ansible", "cp", "blob")
    os.makedirs(os.path.dirname(path))
    with open(path, "wb") as handle:
        handle.write(bytes(range(256)) * 4 + b"\xff\xfe\x00" + value.encode() + b"\x00" * 10)
    code, output = scan(capsys, tree)
    assert code == 1 and "blob:" in output
    assert_not_shown(output, value)


MASKED = [
    " ikev2 remote-authentication pre-shared-key *****\n ikev2 local-authentication pre-shared-key *****\n",
    "  - line 42: `crypto map CRYPTO-MAP 2 set ikev2 pre-shared-key *****`\n",
    "tests/unit/test_asa_facts_live.py::test_not_prompts[\\r\\n ikev2 local-authentication pre-shared-key *****]\n",
    "ASA (proven): ! ikev2 remote-authentication pre-shared-key &lt;key&gt;\n",
    "! ikev1 pre-shared-key <key>\n",
    '{"pre_shared_key": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", "client_secret": "********"}\n',
    '{"properties": {"sharedKey": "*****"}, "pre_shared_key": false, "shared_key": null}\n',
    "client_secret=********&x=1 body ********\n",
    "TASK [One key for the pre-shared-key digests of this run] ***\n",
    'secret: "{{ align_azure.secret | default(omit) }}"\n',
    '-  "sharedKey": "(differs, not shown)"\n+  "sharedKey": "(as given, not shown)"\n',
    # as a real ASA's show running-config prints them, and prose about keys
    " key *****\nsnmp-server host inside 10.1.0.60 community ***** version 2c\nfailover key *****\n",
    "ntp authentication-key 1 md5 *****\n ldap-login-password *****\n",
    "        key for peer 203.0.113.20\n        key as the other end\n",
]


def test_masked_keys_placeholders_and_prose_are_no_hits(tree, capsys):
    for number, text in enumerate(MASKED):
        plant(tree, "logs/masked-%d.log" % number, text)
    code, output = scan(capsys, tree)
    assert code == 0, output
    assert "secret scan: %d file(s)" % len(MASKED) in output and "0 hit(s)" in output


def test_a_clean_run_passes_and_says_what_it_scanned(tree, capsys):
    for artifact, (relpath, template) in ARTIFACTS.items():
        plant(tree, relpath, template.format("nothing secret in the " + artifact))
    shutil.copy(os.path.join(REPO, "examples", "seed-asa-azure-pfs", "asa_running_config.txt"),
                os.path.join(tree, "logs", "show-run-masked.txt"))
    code, output = scan(capsys, tree)
    assert code == 0, output
    assert "secret scan: 5 file(s)" in output and "0 hit(s) in 0 file(s)" in output


def test_a_scan_that_looks_at_nothing_does_not_pass(tree, capsys):
    empty = os.path.join(tree, "empty")
    os.makedirs(os.path.join(empty, "sub"))
    code, output = scan(capsys, empty)
    assert code == 2 and "nothing scanned" in output
    code, output = scan(capsys, os.path.join(tree, "missing"), artifacts=tree)
    assert code == 2 and "1 root missing" in output


def test_inputs_venvs_and_links_out_of_the_root_are_not_scanned(tree, capsys):
    value = SECRETS["integration test PSK"]
    plant(tree, "artifacts/tmp/test_z0/t.yml", "- hosts: asa\n  tasks: [{x: {pre_shared_key: %s}}]\n" % value)
    plant(tree, "artifacts/tmp/test_z0/asa-lab-0/running-config.txt", " ikev1 pre-shared-key %s\n" % value)
    plant(tree, "artifacts/.venv-azcli/lib/x.py", "KEY = %r\n" % value)
    plant(tree, "artifacts/dot-ansible/test/venv/lib/y.py", "KEY = %r\n" % value)
    outside = plant(tree, "outside/leak.log", value)
    os.symlink(outside, os.path.join(tree, "artifacts", "leak.log"))
    os.symlink(os.path.dirname(outside), os.path.join(tree, "artifacts", "outside-dir"))
    plant(tree, "artifacts/logs/clean.log", "ok\n")
    code, output = scan(capsys, os.path.join(tree, "artifacts"), extra=["--exclude", "dot-ansible/test/venv"])
    assert code == 0, output
    assert "secret scan: 1 file(s)" in output and "2 test input file(s) not scanned" in output
    assert "2 symbolic link" in output


def test_the_registry_knows_the_secrets_the_tests_and_labs_use():
    sources = {place.split(":")[0] for s in KNOWN for place in s.source.split("; ")}
    for expected in ("tests/lab/arm_https/lab.py", "tests/lab/asa_ssh/lab.py", "tools/demo_labs.py",
                     "tests/integration/test_align.py", "tests/integration/test_azure_connection.py",
                     "tests/integration/test_secrets_log_path.py", "tests/lab/arm_https/seeds/policy_based.json",
                     "tests/lab/asa_ssh/configs/vti_bgp.txt"):
        assert expected in sources, expected
    values = {s.value for s in KNOWN}
    # option values and masks are no secrets to look for
    assert not values & {"*****", "always", "on_create", "masked", "<key>", None} - {None}
    assert all(len(v) >= 6 for v in values if v)


@pytest.mark.parametrize("relpath", [
    "tmp/test_a0/out/report.json", "tmp/test_a0/out/report.xml", "tmp/test_a0/out/report.md",
    "tmp/test_a0/r1-out/align.json", "tmp/test_a0/result.json", "tmp/test_a0/ansible.log",
    "lab/asa-lab-1-x/commands.jsonl", "lab/asa-lab-1-x/server.stderr", "lab/arm-lab-1-x/requests.jsonl",
    "tmp/test_a0/asa-lab-0/commands.jsonl", "backup/asa_vpn_tunnel_fw-1_20261130-132800_0a1b2c3d.cfg", "integration.xml",
])
def test_what_the_collection_and_the_labs_write_is_never_taken_for_a_test_input(relpath):
    assert not secret_scan.matches(relpath, os.path.basename(relpath), secret_scan.TEST_INPUTS)


def test_a_secret_in_a_file_or_directory_name_is_found_and_the_name_printed_masked(tree, capsys):
    value = SECRETS["integration test PSK"]
    plant(tree, "logs/test_x-%s-False_.log" % value, "clean\n")
    os.makedirs(os.path.join(tree, "ansible-home", "test_y_%s-abc" % value))
    code, output = scan(capsys, tree)
    assert code == 1
    assert "logs/test_x-<secret>-False_.log:0: known secret from" in output and "(in its name)" in output
    assert "ansible-home/test_y_<secret>-abc:0: known secret" in output
    assert_not_shown(output, value)


def test_a_masked_key_or_a_placeholder_in_report_html_is_no_hit(tree, capsys):
    # report.html puts </pre> right after a cited key line: "*****</pre>" and "&lt;key&gt;</pre>" were read as keys
    plant(tree, "out/report.html", "<pre>line 63: ikev2 local-authentication pre-shared-key *****</pre><div>\n"
                                   "<pre>! ikev2 local-authentication pre-shared-key &lt;key&gt;</pre></div>\n")
    code, output = scan(capsys, tree)
    assert code == 0 and "0 hit(s)" in output, output
    plant(tree, "out/report.html", "<pre>ikev2 local-authentication pre-shared-key Cl3ar-Key7</pre>\n")
    code, output = scan(capsys, tree)
    assert code == 1 and "ASA key line in clear" in output, output


def test_since_leaves_out_what_another_run_left_in_a_shared_directory_but_finds_this_runs_leaks(tree, capsys):
    # A run killed mid-module leaves its AnsiballZ payload (module arguments, keys included) in ~/.ansible/tmp;
    # the CI run that scans the same ~/.ansible afterwards failed on it (2026-12-05).
    value = SECRETS["integration test PSK"]
    left = plant(tree, "dot-ansible/tmp/ansible-tmp-1/AnsiballZ_azure_vpn_connection.py",
                 "params='{\"shared_key\": \"%s\"}'\n" % value)
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    stamp = plant(tree, "out/run-started", "")
    code, output = scan(capsys, os.path.join(tree, "dot-ansible"), artifacts=tree, extra=["--since", stamp])
    assert code == 2 and "1 file older than the run" in output  # nothing of this run there: nothing scanned
    plant(tree, "dot-ansible/tmp/ansible-tmp-2/AnsiballZ_asa_vpn_tunnel.py", "params='{\"pre_shared_key\": \"%s\"}'\n" % value)
    code, output = scan(capsys, os.path.join(tree, "dot-ansible"), artifacts=tree, extra=["--since", stamp])
    assert code == 1 and "ansible-tmp-2/AnsiballZ_asa_vpn_tunnel.py:4: " in output and "ansible-tmp-1" not in output
    code, output = scan(capsys, os.path.join(tree, "dot-ansible"), artifacts=tree)
    assert code == 1 and "2 hit(s) in 2 file(s)" in output  # without --since both are searched
    code, output = scan(capsys, tree, extra=["--since", os.path.join(tree, "no-stamp")])
    assert code == 2 and "--since" in output
