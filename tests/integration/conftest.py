# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for integration tests: run ``ansible-playbook`` from the checkout.

``make setup`` must have run (it creates ``.venv`` and ``.collections``).  Nothing here
touches the network: playbooks run against files, or against the labs in ``tests/lab``
that the tests start on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from typing import Mapping, Optional, Sequence

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO_ROOT, ".collections")
# cisco.asa 6.1.0 (from ansible 11.13.0), kept apart: the collection must work without it.
CISCO_COLLECTIONS = os.path.join(REPO_ROOT, ".collections-cisco")
ANSIBLE_PLAYBOOK = os.path.join(REPO_ROOT, ".venv", "bin", "ansible-playbook")


def _collections_root() -> str:
    """The directory to put on sys.path so that ansible_collections.vpnalign.s2s is this code."""
    parts = REPO_ROOT.split(os.sep)
    if parts[-3:] == ["ansible_collections", "vpnalign", "s2s"]:
        # already laid out as a collection (ansible-test's copy, an installed collection)
        return os.sep.join(parts[:-3])
    if not os.path.isdir(os.path.join(COLLECTIONS, "ansible_collections", "vpnalign", "s2s", "plugins")):
        raise RuntimeError("%s is missing or incomplete: run `make setup` first" % COLLECTIONS)
    return COLLECTIONS


if sys.path[:1] != [_collections_root()]:
    sys.path.insert(0, _collections_root())

# The labs (tests/lab: test fixtures, not a package) are importable by every integration test module, and the ASA
# lab's fixture asa_lab_factory (starts labs, stops them after the test) is available to every test.
LAB_DIR = os.path.join(REPO_ROOT, "tests", "lab")
if LAB_DIR not in sys.path:
    sys.path.insert(0, LAB_DIR)
from asa_ssh import asa_lab_factory  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import

# Settings from the caller's environment that would make runs depend on the machine.
_DROP_ENV_PREFIXES = ("ANSIBLE_",)

# Where the run's artifacts go for tools/secret_scan.py (`make secret-scan`): ansible.log of every
# playbook run (log_path on, at -vvv detail), the labs' logs, and each run's ANSIBLE_HOME once it is done.
ARTIFACTS = os.environ.setdefault("VPNALIGN_TEST_ARTIFACTS", os.path.join(REPO_ROOT, "out", "test"))
ANSIBLE_LOGS = os.path.join(ARTIFACTS, "logs")
KEPT_HOMES = os.path.join(ARTIFACTS, "ansible-home")
os.makedirs(ANSIBLE_LOGS, exist_ok=True)  # also for the runs that set ANSIBLE_LOG_PATH themselves (test_align)
# tests/lab/*/lab.py copy their logs here when they stop
os.environ.setdefault("VPNALIGN_LAB_LOG_DIR", os.path.join(ARTIFACTS, "lab"))


def _artifact_name(nodeid: str) -> str:
    """A file name for a test: its module and function, and a hash of its parameters (a test id can
    hold a key, as in test_asa_live's, and a file name is an artifact too)."""
    base, _sep, params = nodeid.partition("[")
    name = re.sub(r"[^A-Za-z0-9_.=-]+", "_", base.replace(".py::", "-"))[:150]
    return name + ("-" + hashlib.sha256(params.encode("utf-8")).hexdigest()[:8] if params else "")


def keep_ansible_home(home: str, name: str) -> None:
    """Copy a finished run's ANSIBLE_HOME under KEPT_HOMES/name (regular files only: its sockets are
    gone or dead), so that the secret scan sees what the run left there."""
    def special(directory, names):
        return [n for n in names if not (os.path.isdir(os.path.join(directory, n))
                                         or os.path.isfile(os.path.join(directory, n)))
                or os.path.islink(os.path.join(directory, n))]

    if os.path.isdir(home):
        os.makedirs(KEPT_HOMES, exist_ok=True)
        dest = tempfile.mkdtemp(prefix=name[:100] + "-", dir=KEPT_HOMES)
        shutil.copytree(home, dest, ignore=special, copy_function=_copy_unless_gone, dirs_exist_ok=True)


def _copy_unless_gone(src: str, dst: str) -> None:
    """shutil.copy2, skipping a file deleted after the listing: an ansible-connection that outlives the
    playbook removes its pc/.ansible_pc_lock_* while the home is copied (CI, bed623b)."""
    try:
        shutil.copy2(src, dst)
    except FileNotFoundError:
        if os.path.exists(src):
            raise


class PlaybookResult(subprocess.CompletedProcess):
    """``subprocess.CompletedProcess`` with ``rc`` as an alias of ``returncode``."""

    @property
    def rc(self) -> int:
        return self.returncode

    def __str__(self) -> str:
        return "ansible-playbook exited %d\n--- command\n%s\n--- stdout\n%s\n--- stderr\n%s" % (
            self.returncode, " ".join(self.args), self.stdout, self.stderr)


@pytest.fixture(scope="session")
def repo_root() -> str:
    """Absolute path of the checkout (the collection root)."""
    return REPO_ROOT


@pytest.fixture(scope="module")
def seed_arm_lab(request):
    """An ARM lab serving the seed example's resources for one test module. Its client secret is the module's
    ``SECRET``: each module has its own, which the secret scan registers (tests/secrets_registry.py)."""
    from arm_https.lab import start_arm_lab  # pylint: disable=import-outside-toplevel  # the labs are not a package

    seed = os.path.join(REPO_ROOT, "examples", "seed-asa-azure-pfs", "azure_resources.json")
    with start_arm_lab(seed, client_secret=request.module.SECRET) as running:
        yield running


@pytest.fixture
def arm(seed_arm_lab):
    """The module's seed ARM lab, back at the seed resources, no faults, an empty request log."""
    seed_arm_lab.reset()
    seed_arm_lab.set_faults({})
    seed_arm_lab.clear_requests()
    return seed_arm_lab


# What the Azure modules read from the environment (credentials, cloud, CA bundle): set empty by no_azure_env.
AZURE_ENV_NAMES = ("AZURE_SUBSCRIPTION_ID", "AZURE_CLIENT_ID", "AZURE_SECRET", "AZURE_TENANT", "AZURE_PROFILE",
                   "AZURE_CLOUD_ENVIRONMENT", "AZURE_AUTHORITY_HOST", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


@pytest.fixture
def no_azure_env():
    """An environment for run_playbook with every Azure variable empty: a test gives its own, or none."""
    return {name: "" for name in AZURE_ENV_NAMES}


@pytest.fixture(scope="session")
def cisco_collections_path() -> str:
    """An ANSIBLE_COLLECTIONS_PATH value that adds cisco.asa to our collections.

    Use as ``run_playbook(..., env={"ANSIBLE_COLLECTIONS_PATH": cisco_collections_path})``.
    """
    return os.pathsep.join([_collections_root(), CISCO_COLLECTIONS])


@pytest.fixture
def run_playbook(request):
    """Return ``run(playbook, extravars, env=None, check=True, args=(), timeout=600)``.

    Runs ``.venv/bin/ansible-playbook`` with the repository root as working directory and
    ``ANSIBLE_CONFIG=<repo>/ansible.cfg``, ``ANSIBLE_COLLECTIONS_PATH=<repo>/.collections``
    (hermetic: no collections from ~/.ansible or the system), colour off, and
    ``ANSIBLE_HOME``/``ANSIBLE_LOCAL_TEMP`` in a fresh short temporary directory (short so
    that network_cli's persistent-connection socket path stays under the UNIX limit).  ``ANSIBLE_*`` variables
    of the calling environment are dropped; ``env`` is applied last and wins.  Artifacts for the secret
    scan: ``ANSIBLE_LOG_PATH`` is ``out/test/logs/<test>.log`` (``ANSIBLE_LOG_VERBOSITY`` 3) and each
    run's ANSIBLE_HOME is copied under ``out/test/ansible-home/`` when the test ends.

    ``playbook``: path relative to the repo root (``playbooks/check.yml``), absolute, or an
    FQCN (``vpnalign.s2s.check``).  ``extravars`` is passed as one JSON ``-e`` (types kept).
    ``args``: more command-line arguments, e.g. ``["-i", inventory, "--check", "--diff"]``.
    ``check``: like ``subprocess.run(check=...)``: when true (default) a non-zero exit
    fails the test showing stdout/stderr; pass ``check=False`` to assert on failures.
    (It is not Ansible's check mode: pass ``args=["--check"]`` for that.)

    Returns a ``CompletedProcess`` with ``rc`` (= ``returncode``), ``stdout``, ``stderr`` (str).
    """

    homes = []
    name = _artifact_name(request.node.nodeid)

    def run(playbook: str, extravars: Optional[Mapping] = None, env: Optional[Mapping[str, str]] = None,
            check: bool = True, args: Sequence[str] = (), timeout: float = 600) -> PlaybookResult:
        run_env = {k: v for k, v in os.environ.items() if not k.startswith(_DROP_ENV_PREFIXES)}
        home = tempfile.mkdtemp(prefix="ah-")
        homes.append(home)
        run_env.update({
            "ANSIBLE_CONFIG": os.path.join(REPO_ROOT, "ansible.cfg"),
            "ANSIBLE_COLLECTIONS_PATH": _collections_root(),
            "ANSIBLE_HOME": home,
            "ANSIBLE_LOCAL_TEMP": os.path.join(home, "tmp"),
            # localhost's module payloads: ~<user>/.ansible/tmp by default, shared by every run on the machine
            "ANSIBLE_REMOTE_TEMP": os.path.join(home, "remote-tmp"),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_LOG_PATH": os.path.join(ANSIBLE_LOGS, name + ".log"),
            "ANSIBLE_LOG_VERBOSITY": "3",
            "PYTHONDONTWRITEBYTECODE": "1",
        })
        os.makedirs(ANSIBLE_LOGS, exist_ok=True)
        if env:
            run_env.update(env)
        cmd = [ANSIBLE_PLAYBOOK, playbook]
        if extravars:
            cmd += ["-e", json.dumps(dict(extravars))]
        cmd += list(args)
        proc = subprocess.run(cmd, cwd=REPO_ROOT, env=run_env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout, check=False)
        result = PlaybookResult(proc.args, proc.returncode, proc.stdout, proc.stderr)
        if check and result.returncode != 0:
            pytest.fail(str(result), pytrace=False)
        return result

    yield run
    for home in homes:
        keep_ansible_home(home, name)
        shutil.rmtree(home, ignore_errors=True)
