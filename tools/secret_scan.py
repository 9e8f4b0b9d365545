# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scan the test run's artifacts for keys and client secrets (standard library only).

    tools/secret_scan.py [--exclude GLOB]... [--input GLOB]... [--since STAMP] ROOT...

ROOTs are files or directories (walked recursively; symbolic links are not followed, sockets
and other special files are skipped; ``.venv*``, ``.collections*``, ``.git`` and ``.build`` are
never entered).  Every byte is searched for:

* every known test secret (``tests/secrets_registry.py``: the keys and client secrets in the test
  sources, lab configs and seeds, examples, and those registered at run time), as written, URL-
  encoded, and under up to two layers of JSON or Python-repr escaping, each also XML-escaped;
* keys in clear in any form the collection or a library could write them: an ASA
  ``pre-shared-key KEY`` line whose key is not masked (``*****``), ``"sharedKey": "KEY"``,
  ``pre_shared_key``/``shared_key``/``client_secret``/``AZURE_SECRET``/``ansible_password`` values,
  ``--password``/``--client-secret`` arguments, bearer tokens.

Files the tests wrote as the product's input (playbooks, inventories, credentials files, the
configs and ARM exports handed to the check) and the labs' device state (the stored running-config
holds keys in clear, as a real ASA's flash does) are not artifacts of the run: ``--input`` globs
name them (defaults in TEST_INPUTS); they are counted, not searched.

``--since STAMP`` leaves out files last written before STAMP was: a shared directory such as
``~/.ansible`` holds what other runs on the machine left there (a run killed mid-module leaves its
AnsiballZ payload, keys included), and those are not this run's artifacts.

A hit is printed as file:line, the kind of secret and where it is known from, never the secret
(a masked form: first two characters, length, sha256 prefix).  Exit 0: nothing found; 1: hits;
2: nothing scanned (no file under any root) or no known secret to look for.
"""

import argparse
import fnmatch
import hashlib
import json
import os
import re
import stat
import sys
import time
import urllib.parse
from html import escape as html_escape
from typing import Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple
from xml.sax.saxutils import escape as xml_escape

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests"))
import secrets_registry  # noqa: E402  pylint: disable=wrong-import-position

SKIP_DIRS = (".venv*", ".collections*", ".git", ".build")
# What the tests hand the product (not what it writes), and the ASA lab's device state.
TEST_INPUTS = (
    "*.yml", "*.yaml",                              # playbooks and vars files the tests write
    "*inv*.json", "inventory*",                     # inventories: the lab's SSH and enable passwords
    "credentials",                                  # ~/.azure/credentials style input
    "azure*.json", "asa*.txt", "*resources*.json",  # the configs and ARM exports given to the check
    "*config*.txt",                                 # running-configs handed to the check or a lab server
    "*asa-lab-*/running-config.txt", "*asa-lab-*/state.json", "*asa-lab-*/scenario.json",
    "*/asa/running-config.txt", "*/asa/state.json", "*/asa/scenario.json",  # demo_labs' ASA lab workdir
    "*.swanctl.conf",                               # the strongSwan oracle's charon configs
)
# Values that are no secret: masks, placeholders, templates, booleans, the key's absence.
NOT_A_SECRET = re.compile(
    rb"(?i)[*\\]*[\])}>;:.]*|x{3,}|<[^>]*>|&lt;.*&gt;|\{\{.*|\$\{?\w+\}?|%\(?\w+\)?s?|VALUE_SPECIFIED_IN_NO_LOG_PARAMETER|"
    rb"null|none|true|false|omit|~|\[?hidden\]?|\(hidden\)|redacted|\[redacted\]|masked|unset|"
    rb"\[\]|\{\}|8|\.\.\.|\\?\"?|"
    # azure_vpn_connection's diff of a key change (the value never shown)
    rb"\((?:differs|as given), not shown\)")
PATTERNS: Tuple[Tuple[str, "re.Pattern[bytes]"], ...] = (
    ("ASA key line in clear",
     # after ikev1/ikev2 (tunnel-group and crypto map forms), -authentication, or alone on its line
     re.compile(rb"(?m)(?:\bikev[12][ \t]+|-authentication[ \t]+|^[ \t]*(?:[!#][ \t]*)?|[\"'>\[][ \t]*)"
                # the value ends at a tag too: in report.html a masked key is followed by </pre> with no space
                rb"pre-shared-key[ \t]+(?:0[ \t]+|hex[ \t]+)?(?P<v>[^\s\"'\\,`<]+)")),
    ("sharedKey value",
     re.compile(rb"[\"']?\bsharedKey[\"']?[ \t]*[:=][ \t]*(?:[\"'](?P<q>[^\"'\r\n]*)[\"']|(?P<v>[^\s\"',}&]+))")),
    ("key or secret option value",
     re.compile(rb"[\"']?\b(?:pre_shared_key|shared_key|client_secret|AZURE_SECRET|azure_secret|ARM_LAB_CLIENT_SECRET|"
                rb"ansible_password|ansible_become_password|ansible_become_pass|ansible_ssh_pass)[\"']?[ \t]*[:=][ \t]*"
                rb"(?:[\"'](?P<q>[^\"'\r\n]*)[\"']|(?P<v>[^\s\"',}&)]+))")),
    ("secret on a command line",
     re.compile(rb"(?:--password|--client-secret|--client_secret|--shared-key|--secret)(?:=|[ \t]+)"
                rb"(?:[\"'](?P<q>[^\"'\r\n]*)[\"']|(?P<v>[^\s\"',]+))")),
    ("bearer token", re.compile(rb"\bBearer[ \t]+(?P<v>[A-Za-z0-9\-_.~+/]{20,}=*)")),
    # the other config secrets a real ASA's show running-config prints as ***** (the ASA lab's mask_secrets too):
    # an aaa-server host's key, an LDAP login password, an SNMP community, the failover key, an NTP key, RADIUS's
    # common password (review 2026-12-05: a read in clear logged them, and the scan knew only keys)
    ("ASA config secret in clear",
     # (an aaa-server host's " key K" is a line of its own: "key for peer X" in prose is not)
     re.compile(rb"(?m)^[ \t]*key[ \t]+(?:[078][ \t]+)?(?P<v>[^\s\"'\\,`<]+)[ \t]*\r?$|"
                rb"(?:\bldap-login-password|\bcommunity|\bfailover[ \t]+key|\bradius-common-pw|"
                rb"\bauthentication-key[ \t]+\d+[ \t]+(?:md5|sha1|sha256|sha512|cmac))[ \t]+(?:[078][ \t]+)?(?:hex[ \t]+)?"
                rb"(?P<w>[^\s\"'\\,`<]+)")),
)


class Hit(NamedTuple):
    path: str
    line: int
    kind: str
    masked: str


def masked(value: bytes) -> str:
    """Two characters, the length and a sha256 prefix: enough to tell secrets apart, not to use one."""
    text = value.decode("utf-8", "replace")
    return "%s... (%d chars, sha256 %s)" % (text[:2], len(text), hashlib.sha256(value).hexdigest()[:10])


def _escaped(value: str) -> List[str]:
    """``value`` as one layer of quoting writes it inside a string: JSON (ASCII-only or not, with or without ``\\/``)
    and Python's repr of the text or of its bytes (each quote style: repr escapes the quote it is written in)."""
    slashed = value.replace("\\", "\\\\")
    return [json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1],
            json.dumps(value).replace("/", "\\/")[1:-1],
            repr(value)[1:-1], slashed.replace("'", "\\'"), slashed.replace('"', '\\"'),
            repr(value.encode("utf-8", "surrogateescape"))[2:-1]]


def variants(value: str) -> List[bytes]:
    """The secret as written, URL-encoded (a form body), and under up to two layers of JSON or Python-repr escaping (a
    log of a JSON document; a module's JSON result quoted in ansible's JSON output; a repr in a pytest report or a
    traceback, of the text or of a JSON document), each also XML-escaped (the junit xml's attributes and text)."""
    forms = {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value, safe="")}
    once = set(_escaped(value))
    forms |= once
    for form in once:
        forms.update(_escaped(form))
    for form in list(forms):
        forms.update((xml_escape(form), xml_escape(form, {'"': "&quot;", "'": "&apos;"}), html_escape(form)))
    return sorted((form.encode("utf-8", "surrogateescape") for form in forms), key=len, reverse=True)


class Scanner:
    """Searches bytes for the known secrets (one regex) and the patterns of keys in clear."""

    def __init__(self, secrets: Sequence["secrets_registry.Secret"]) -> None:
        self.sources: Dict[bytes, str] = {}
        self.generated: List[Tuple["re.Pattern[bytes]", str]] = []
        for secret in secrets:
            places = secret.source.split("; ")
            if len(places) > 1:
                secret = secret._replace(source="%s (and %d more)" % (places[0], len(places) - 1))
            if secret.value is not None:
                for form in variants(secret.value):
                    self.sources.setdefault(form, secret.source)
            elif secret.pattern:
                self.generated.append((re.compile(secret.pattern.encode("utf-8")), secret.source))
        alternatives = sorted(self.sources, key=len, reverse=True)
        self.known = re.compile(b"|".join(re.escape(a) for a in alternatives)) if alternatives else None
        self.count = len(secrets)

    def redact(self, text: str) -> str:
        """``text`` (a path to print) with every known secret in it replaced by ``<secret>``."""
        data = text.encode("utf-8", "surrogateescape")
        for regex in ([self.known] if self.known is not None else []) + [r for r, _src in self.generated]:
            data = regex.sub(b"<secret>", data)
        return data.decode("utf-8", "replace")

    def scan(self, data: bytes, path: str) -> List[Hit]:
        hits: List[Hit] = []
        line_starts: List[int] = []

        def line_of(offset: int) -> int:
            if not line_starts:
                line_starts.append(0)
                line_starts.extend(m.end() for m in re.finditer(b"\n", data))
            low, high = 0, len(line_starts)
            while low + 1 < high:
                mid = (low + high) // 2
                if line_starts[mid] <= offset:
                    low = mid
                else:
                    high = mid
            return low + 1

        if self.known is not None:
            for match in self.known.finditer(data):
                hits.append(Hit(path, line_of(match.start()), "known secret from %s" % self.sources[match.group(0)],
                                masked(match.group(0))))
        for regex, source in self.generated:
            for match in regex.finditer(data):
                hits.append(Hit(path, line_of(match.start()), "generated secret from %s" % source,
                                masked(match.group(0))))
        for kind, regex in PATTERNS:
            for match in regex.finditer(data):
                value = next((found for found in match.groupdict().values() if found is not None), None)
                if value is None or NOT_A_SECRET.fullmatch(value):
                    continue
                hits.append(Hit(path, line_of(match.start()), kind, masked(value)))
        # one hit per place: a known secret on an ASA key line is reported once, as the known one
        unique: Dict[Tuple[int, str], Hit] = {}
        for hit in hits:
            unique.setdefault((hit.line, hit.masked), hit)
        return sorted(unique.values(), key=lambda h: (h.line, h.kind))


class Totals:
    def __init__(self) -> None:
        self.files = 0
        self.bytes = 0
        self.inputs = 0
        self.skipped: Dict[str, int] = {}

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1


def matches(rel: str, name: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(rel, g) or fnmatch.fnmatchcase(name, g) for g in globs)


def walk(root: str, excludes: Sequence[str], inputs: Sequence[str], registry: str,
         totals: Totals, names: Optional[List[str]] = None, since: float = 0.0) -> Iterable[str]:
    """Regular files under ``root`` to search (no symlinks followed, nothing outside the root).
    ``names`` collects the path of every directory and file seen (a name can carry a secret too).
    Files last modified before ``since`` (a time stamp) are left out; directories are still entered
    (writing a file into a directory does not change the directory's time)."""
    names = [] if names is None else names
    root = os.path.abspath(root)
    try:
        mode = os.lstat(root).st_mode
    except OSError:
        totals.skip("root missing")
        return
    if stat.S_ISREG(mode):
        yield root
        return
    if not stat.S_ISDIR(mode):
        totals.skip("root not a file or directory")
        return
    for directory, dirs, files in os.walk(root, followlinks=False):
        kept = []
        for name in sorted(dirs):
            path = os.path.join(directory, name)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                totals.skip("symbolic link")
            elif matches(name, name, SKIP_DIRS) or matches(rel, name, excludes) or \
                    os.path.abspath(path) == registry:
                totals.skip("excluded directory")
            else:
                kept.append(name)
                names.append(path)
        dirs[:] = kept
        for name in sorted(files):
            path = os.path.join(directory, name)
            rel = os.path.relpath(path, root)
            names.append(path)
            try:
                status = os.lstat(path)
            except OSError:
                totals.skip("gone while scanning")
                continue
            mode = status.st_mode
            if since and status.st_mtime < since:
                names.pop()
                totals.skip("file older than the run")
            elif stat.S_ISLNK(mode):
                totals.skip("symbolic link")
            elif not stat.S_ISREG(mode):
                totals.skip("socket or other special file")
            elif matches(rel, name, excludes):
                totals.skip("excluded file")
            elif matches(rel, name, inputs):
                totals.inputs += 1
            else:
                yield path


def scan_roots(roots: Sequence[str], scanner: Scanner, excludes: Sequence[str] = (),
               inputs: Sequence[str] = TEST_INPUTS, registry: str = "", since: float = 0.0) -> Tuple[List[Hit], Totals]:
    totals = Totals()
    hits: List[Hit] = []
    registry = os.path.abspath(registry) if registry else ""
    seen = set()
    for root in roots:
        names: List[str] = []
        for path in walk(root, excludes, inputs, registry, totals, names, since):
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                totals.skip("unreadable")
                continue
            totals.files += 1
            totals.bytes += len(data)
            hits.extend(scanner.scan(data, path))
        for path in names:  # a file or directory named after a secret (a test id made into a file name)
            rel = os.path.relpath(path, root).encode("utf-8", "surrogateescape")
            hits.extend(h._replace(line=0, kind=h.kind + " (in its name)") for h in scanner.scan(rel, path)
                        if not h.kind.startswith(("ASA", "secret on")))
    return hits, totals


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("roots", nargs="+", help="files or directories to scan")
    parser.add_argument("--exclude", action="append", default=[],
                        help="glob on a path relative to its root, or on a name: not scanned (e.g. test/venv)")
    parser.add_argument("--input", action="append", default=None,
                        help="glob of test input files, counted not scanned (default: %s)" % " ".join(TEST_INPUTS))
    parser.add_argument("--artifacts", default=None,
                        help="the test run's artifact directory, for the secrets registered at run time "
                             "(default $%s or out/test)" % secrets_registry.ARTIFACTS_ENV)
    parser.add_argument("--since", default=None, metavar="STAMP",
                        help="leave out files last written before this file was (the test run's start stamp)")
    parser.add_argument("--list", action="store_true", help="list the known secrets (masked) and their sources")
    args = parser.parse_args(argv)

    began = time.monotonic()
    known = secrets_registry.known_secrets(artifacts=args.artifacts,
                                           exclude=["tests/unit/test_secret_scan.py"])
    if args.list:
        for secret in known:
            shown = masked(secret.value.encode("utf-8")) if secret.value is not None else "pattern"
            print("%-48s %s" % (shown, secret.source))
    if not known:
        print("secret scan: no known secret to look for (tests/secrets_registry.py found none)", file=sys.stderr)
        return 2
    try:
        since = os.stat(args.since).st_mtime if args.since else 0.0
    except OSError as exc:
        print("secret scan: --since %s: %s" % (args.since, exc.strerror), file=sys.stderr)
        return 2
    scanner = Scanner(known)
    registry = secrets_registry.registry_dir(args.artifacts)
    hits, totals = scan_roots(args.roots, scanner, args.exclude,
                              TEST_INPUTS if args.input is None else args.input, registry, since)
    took = time.monotonic() - began
    for hit in hits:
        print("%s:%d: %s: %s" % (scanner.redact(hit.path), hit.line, hit.kind, hit.masked))
    skipped = ", ".join("%d %s" % (n, why) for why, n in sorted(totals.skipped.items()))
    print("secret scan: %d file(s), %d bytes scanned in %.1f s for %d known secrets and %d patterns; "
          "%d test input file(s) not scanned%s; %d hit(s) in %d file(s)"
          % (totals.files, totals.bytes, took, scanner.count, len(PATTERNS), totals.inputs,
             "; skipped: " + skipped if skipped else "", len(hits), len({h.path for h in hits})))
    if totals.files == 0:
        print("secret scan: nothing scanned under %s - a scan that looks at nothing does not pass"
              % " ".join(args.roots), file=sys.stderr)
        return 2
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
