# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""requirements.txt (what users and execution environments install) holds compatible ranges that pip's
resolver accepts together with azure.azcollection's requirements; constraints.txt (the dev venv's exact
versions) lies within them."""

import json
import os
import subprocess
import sys

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO_ROOT, TOOL_TIMEOUT, run, tool_env

OURS = os.path.join(REPO_ROOT, "requirements.txt")
CONSTRAINTS = os.path.join(REPO_ROOT, "constraints.txt")
# A copy of azure.azcollection's requirements.txt; its header names the source and commit.
THEIRS = os.path.join(REPO_ROOT, "tests", "packaging", "azure_azcollection_requirements.txt")


def _requirements(path):
    with open(path) as handle:
        lines = [line.split("#", 1)[0].strip() for line in handle]
    return [Requirement(line) for line in lines if line]


def test_requirements_are_ranges_and_the_dev_pins_lie_within_them():
    ours = _requirements(OURS)
    pins = {canonicalize_name(req.name): req for req in _requirements(CONSTRAINTS)}
    assert ours
    for req in ours:
        operators = {spec.operator for spec in req.specifier}
        assert "==" not in operators and "===" not in operators, "%s: an exact pin, not a range" % req
        assert operators & {">=", "~=", ">"} and operators & {"<", "~=", "<="}, "%s: needs a lower and an upper bound" % req
        pin = pins.get(canonicalize_name(req.name))
        assert pin is not None, "%s has no exact version in constraints.txt" % req.name
        version = next(iter(pin.specifier)).version
        assert req.specifier.contains(version, prereleases=True), "constraints.txt %s is outside %s" % (pin, req)


def test_pip_resolves_our_requirements_together_with_azure_azcollections(workdir):
    # A throwaway venv, so that nothing installed decides; --ignore-installed so pip resolves every
    # requirement; --dry-run installs nothing. Needs PyPI.
    venv = os.path.join(workdir, "resolver-venv")
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=TOOL_TIMEOUT)
    report = os.path.join(workdir, "resolved.json")
    rc, text = run([os.path.join(venv, "bin", "python"), "-m", "pip", "install", "--dry-run", "--ignore-installed",
                    "--quiet", "--report", report, "-r", OURS, "-r", THEIRS], env=tool_env())
    assert rc == 0, text[-4000:]
    with open(report) as handle:
        resolved = {canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
                    for item in json.load(handle)["install"]}
    for req in _requirements(OURS) + [r for r in _requirements(THEIRS) if r.marker is None or r.marker.evaluate()]:
        name = canonicalize_name(req.name)
        assert name in resolved, "%s not in the resolution" % req.name
        assert req.specifier.contains(resolved[name], prereleases=True), "%s resolved to %s" % (req, resolved[name])


def test_the_lowest_azure_sdk_the_ranges_allow_reads_a_subscription(workdir):
    # requirements.txt's lower bounds are what azure.azcollection pins (azure-mgmt-network 28.0), so an EE
    # with both gets them: the collection's reader must work there (28.0's client has no public
    # send_request; this failed before sdk.py fell back to _send_request).
    lowest = ["%s==%s" % (req.name, spec.version) for req in _requirements(OURS) if req.name.startswith("azure-")
              for spec in req.specifier if spec.operator == ">="]
    assert any(pin.startswith("azure-mgmt-network==") for pin in lowest), lowest
    venv = os.path.join(workdir, "lowest-venv")
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=TOOL_TIMEOUT)
    python = os.path.join(venv, "bin", "python")
    rc, text = run([python, "-m", "pip", "install", "--quiet"] + lowest, env=tool_env())
    assert rc == 0, text[-4000:]
    rc, text = run([python, os.path.join(REPO_ROOT, "tests", "packaging", "lower_bounds_read.py")], env=tool_env())
    assert rc == 0, text[-4000:]
    read = json.loads(text.strip().splitlines()[-1])
    assert read["connections"] == ["UKSouth-HQ-S2S"] and read["related"] >= 4, read
