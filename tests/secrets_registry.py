# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every secret the test run uses, for ``tools/secret_scan.py`` (standard library only).

The secrets are read from where the tests and labs take them, so a new test secret is known
without being listed twice:

* Python sources under ``tests/`` and ``tools/``: string constants bound to a secret-like name
  (``PSK = ...``, ``SECRET = ...``, ``SHARED_KEY = ...``, ``DEFAULT_CLIENT_SECRET = ...``), passed
  as a secret-like keyword (``pre_shared_key=``, ``client_secret=``, ``shared_key=``, ...) or held
  under a secret-like dict key (``"sharedKey"``, ``"AZURE_SECRET"``, ...).  A key made at run time
  as ``"PREFIX" + secrets.token_hex(N)`` becomes a pattern (the prefix and 2N hex digits).
* Device configs and ARM resources the labs and examples load: ``pre-shared-key KEY`` lines,
  ``"sharedKey": "KEY"``.
* Secrets registered at run time with :func:`register` (hex-encoded under
  ``<artifacts>/secrets/``, so the registry itself holds no secret in clear; the scan skips it).

Weak literals are left out: shorter than 6 characters, or a plain lower-case word such as
``always`` or ``on_create`` (option values, not keys); a scan for them would only find prose.
"""

import ast
import binascii
import functools
import json
import os
import re
from typing import Dict, Iterable, List, NamedTuple, Optional

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The test run's artifacts (logs, lab logs, kept ANSIBLE_HOMEs); tests/integration/conftest.py sets it.
ARTIFACTS_ENV = "VPNALIGN_TEST_ARTIFACTS"
REGISTRY_DIRNAME = "secrets"

SECRET_NAME = re.compile(r"(?i)(?:^|_)(?:psk|secret|key|shared_key|password|pw)(?:_[a-z0-9]{1,2})?$")
# Any other string constant that names itself a test key and carries a digit (``Lab-PSK-1234``,
# ``Sup3rS3cret``, ``KeyOne1``), as tests write keys inline.
SELF_NAMED = re.compile(r"(?i)(?=[\w+/=~.-]*\d)[\w+/=~.-]*(?:psk|s3cret|secret|key)[\w+/=~.-]*")
SECRET_KEYS = frozenset({
    "pre_shared_key", "shared_key", "sharedKey", "client_secret", "secret", "password", "enable_password",
    "psk", "AZURE_SECRET", "ARM_LAB_CLIENT_SECRET", "ansible_password", "ansible_become_password",
})
# Where the tests and labs keep device configs and ARM resources with keys in clear.
CONFIG_DIRS = ("tests/lab/asa_ssh/configs", "tests/lab/arm_https/seeds", "tests/fixtures", "examples")
SOURCE_DIRS = ("tests", "tools")
ASA_KEY_LINE = re.compile(r"pre-shared-key\s+(?:0\s+)?(\S+)")
JSON_SHARED_KEY = re.compile(r'"sharedKey"\s*:\s*"([^"]+)"')
SKIP_DIRS = frozenset({".git", "__pycache__", ".pytest_cache"})


class Secret(NamedTuple):
    """A secret to look for: ``value`` (a literal) or ``pattern`` (a regex), and where it is from."""

    value: Optional[str]
    pattern: Optional[str]
    source: str


def is_weak(value: str) -> bool:
    """Too short or too plain to be a key the scan can look for without matching prose."""
    return (len(value) < 6 or re.fullmatch(r"[a-z_]+", value) is not None or "\n" in value
            # a placeholder, also its first word: Oxidized's "pre-shared-key <secret hidden>" is read as "<secret"
            or re.fullmatch(r"\*+|<[^>]*>|<[a-z]+|\{\{.*\}\}|VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", value) is not None)


def _secret_name(node: ast.expr) -> Optional[str]:
    if isinstance(node, ast.Name) and SECRET_NAME.search(node.id):
        return node.id
    if isinstance(node, ast.Attribute) and SECRET_NAME.search(node.attr):
        return node.attr
    return None


def _generated(node: ast.expr) -> Optional[str]:
    """``"PREFIX" + secrets.token_hex(N)`` as a regex, else None."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)):
        return None
    left, right = node.left, node.right
    if not (isinstance(left, ast.Constant) and isinstance(left.value, str) and isinstance(right, ast.Call)):
        return None
    func = right.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name != "token_hex":
        return None
    size = right.args[0].value if right.args and isinstance(right.args[0], ast.Constant) else 32
    if not isinstance(size, int) or len(left.value) < 3:
        return None
    return re.escape(left.value) + "[0-9a-f]{%d}" % (2 * size)


def _inline(text: str) -> List[str]:
    """Keys inside a string constant: after ``pre-shared-key``, or a self-named one."""
    found = [m.group(1).rstrip("\"',;)\\") for m in ASA_KEY_LINE.finditer(text)]
    if SELF_NAMED.fullmatch(text):
        found.append(text)
    return [v for v in found if not is_weak(v) and v != "8"]


def _from_python(path: str, rel: str) -> Iterable[Secret]:
    try:
        with open(path, "rb") as handle:
            tree = ast.parse(handle.read(), filename=path)
    except (SyntaxError, ValueError, OSError):
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for value in _inline(node.value):
                yield Secret(value, None, "%s:%d inline" % (rel, node.lineno))
            continue
        pairs = []
        if isinstance(node, ast.Assign):
            pairs = [(_secret_name(t), node.value) for t in node.targets]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            pairs = [(_secret_name(node.target), node.value)]
        elif isinstance(node, ast.Call):
            pairs = [(k.arg, k.value) for k in node.keywords if k.arg in SECRET_KEYS]
        elif isinstance(node, ast.Dict):
            pairs = [(k.value, v) for k, v in zip(node.keys, node.values)
                     if isinstance(k, ast.Constant) and k.value in SECRET_KEYS]
        elif isinstance(node, ast.FunctionDef):
            args = node.args.args + node.args.kwonlyargs
            defaults = ([None] * (len(node.args.args) - len(node.args.defaults)) + list(node.args.defaults)
                        + list(node.args.kw_defaults))
            pairs = [(a.arg, d) for a, d in zip(args, defaults) if d is not None and a.arg in SECRET_KEYS]
        for name, value in pairs:
            if not name:
                continue
            where = "%s:%d %s" % (rel, getattr(value, "lineno", 0), name)
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and not is_weak(value.value):
                yield Secret(value.value, None, where)
            else:
                pattern = _generated(value)
                if pattern:
                    yield Secret(None, pattern, where)


def _from_config(path: str, rel: str) -> Iterable[Secret]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return
    for number, line in enumerate(lines, 1):
        for regex in (ASA_KEY_LINE, JSON_SHARED_KEY):
            for match in regex.finditer(line):
                # as _inline: a key line quoted in JSON (saved facts) ends with the quote, and a mask with it is no key
                value = match.group(1).rstrip("\"',;)\\")
                if not is_weak(value) and value != "8":
                    yield Secret(value, None, "%s:%d" % (rel, number))


def _walk(root: str, top: str, suffixes: tuple) -> Iterable[str]:
    for directory, dirs, files in os.walk(os.path.join(root, top)):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith((".venv", ".collections")))
        for name in sorted(files):
            if name.endswith(suffixes):
                yield os.path.join(directory, name)


def registry_dir(artifacts: Optional[str] = None) -> str:
    """Where :func:`register` writes: ``<artifacts>/secrets``."""
    artifacts = artifacts or os.environ.get(ARTIFACTS_ENV) or os.path.join(REPO_ROOT, "out", "test")
    return os.path.join(artifacts, REGISTRY_DIRNAME)


def register(value: str, source: str, artifacts: Optional[str] = None) -> None:
    """Add a secret made at run time (hex-encoded, one per line, appended; safe across processes)."""
    directory = registry_dir(artifacts)
    os.makedirs(directory, exist_ok=True)
    line = "%s %s\n" % (binascii.hexlify(value.encode("utf-8")).decode("ascii"), json.dumps(source))
    with open(os.path.join(directory, "registered-%d.hex" % os.getpid()), "a", encoding="ascii") as handle:
        handle.write(line)


def registered(artifacts: Optional[str] = None) -> List[Secret]:
    """The secrets :func:`register` recorded."""
    directory = registry_dir(artifacts)
    found = []
    if not os.path.isdir(directory):
        return found
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), encoding="ascii", errors="replace") as handle:
            for line in handle:
                parts = line.strip().split(" ", 1)
                try:
                    value = binascii.unhexlify(parts[0]).decode("utf-8")
                except (ValueError, UnicodeDecodeError):
                    continue
                source = json.loads(parts[1]) if len(parts) > 1 else name
                if not is_weak(value):
                    found.append(Secret(value, None, "registered: %s" % source))
    return found


@functools.lru_cache(maxsize=8)
def _from_files(root: str, exclude: tuple) -> tuple:
    """The secrets in the sources and configs (read once per process: they do not change during a run)."""
    found: List[Secret] = []
    for top in SOURCE_DIRS:
        for path in _walk(root, top, (".py",)):
            rel = os.path.relpath(path, root)
            if rel not in exclude:
                found.extend(_from_python(path, rel))
    for top in CONFIG_DIRS:
        for path in _walk(root, top, (".txt", ".json", ".cfg", ".conf")):
            found.extend(_from_config(path, os.path.relpath(path, root)))
    return tuple(found)


def known_secrets(root: str = REPO_ROOT, artifacts: Optional[str] = None,
                  exclude: Iterable[str] = ()) -> List[Secret]:
    """Every test secret: from the sources, the configs and the run-time registry (one entry per
    value, its sources joined with ``; ``).  ``exclude``: repo-relative source files to skip."""
    found = list(_from_files(root, tuple(sorted(os.path.normpath(e) for e in exclude))))
    found.extend(registered(artifacts))
    merged: Dict[str, Secret] = {}
    for secret in found:
        key = secret.value or ("re:" + (secret.pattern or ""))
        if key in merged:
            merged[key] = merged[key]._replace(source=merged[key].source + "; " + secret.source)
        else:
            merged[key] = secret
    return list(merged.values())
