# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pieces of the packaging tests: the tools of .venv-packaging/ and the built tarball.

`make packaging` installs ansible-builder, galaxy-importer and ansible-lint into .venv-packaging/
(requirements-packaging.txt) and runs these tests with .venv's pytest. Everything they unpack or
generate lives in a temporary directory that is removed afterwards (the unpacked collection holds the
examples' inputs, which the secret scan of out/test must not see).
"""

import glob
import os
import shutil
import subprocess
import tempfile

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PKG_BIN = os.path.join(REPO_ROOT, ".venv-packaging", "bin")
# A hard stop for one tool run, well above what each takes (seconds).
TOOL_TIMEOUT = 600


def tool(name):
    """The path of a tool of .venv-packaging/, or the test fails saying how to get it."""
    path = os.path.join(PKG_BIN, name)
    if not os.path.exists(path):
        pytest.fail("%s is missing: run `make packaging` (it installs requirements-packaging.txt there)" % path)
    return path


def tool_env(**extra):
    """The environment for the tools: .venv-packaging/bin first on PATH (galaxy-importer calls ansible-doc
    and ansible-lint by name), without the checkout's ANSIBLE_CONFIG (the tools must see the collection as
    a user gets it, not through the checkout's collections path)."""
    env = dict(os.environ)
    env.pop("ANSIBLE_CONFIG", None)
    env["PATH"] = PKG_BIN + os.pathsep + env.get("PATH", "")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.update(extra)
    return env


def run(cmd, cwd=None, env=None):
    """Run a command, return (exit status, stdout and stderr together)."""
    proc = subprocess.run(cmd, cwd=cwd or REPO_ROOT, env=env or tool_env(), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, timeout=TOOL_TIMEOUT, check=False)
    return proc.returncode, proc.stdout


@pytest.fixture(scope="session")
def workdir():
    path = tempfile.mkdtemp(prefix="vpnalign-packaging-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def tarball(workdir):
    """The collection built from this checkout as `ansible-galaxy collection build` makes it for users."""
    out = os.path.join(workdir, "dist")
    rc, text = run([tool("ansible-galaxy"), "collection", "build", REPO_ROOT, "--output-path", out, "--force"])
    assert rc == 0, text
    found = glob.glob(os.path.join(out, "vpnalign-s2s-*.tar.gz"))
    assert len(found) == 1, text
    return found[0]
