# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""execution-environment.yml: ansible-builder 3 makes a build context of it, and the installed
collection declares its Python and system requirements the way ansible-builder collects them."""

import glob
import os
import shutil

import yaml
from packaging.requirements import Requirement

from conftest import REPO_ROOT, run, tool


def test_ansible_builder_creates_the_build_context(tarball, workdir):
    # The EE file expects the tarball in dist/ beside it (the README's build steps).
    ee_dir = os.path.join(workdir, "ee")
    os.makedirs(os.path.join(ee_dir, "dist"))
    shutil.copy(os.path.join(REPO_ROOT, "execution-environment.yml"), ee_dir)
    shutil.copy(tarball, os.path.join(ee_dir, "dist"))
    context = os.path.join(ee_dir, "context")
    rc, text = run([tool("ansible-builder"), "create", "-f", os.path.join(ee_dir, "execution-environment.yml"),
                    "-c", context, "--output-filename", "Containerfile"], cwd=ee_dir)
    assert rc == 0, text
    assert "No matches" not in text and "does not exist" not in text, text
    with open(os.path.join(context, "Containerfile")) as handle:
        containerfile = handle.read()
    assert "ansible-galaxy collection install" in containerfile
    # our modules' bytecode is in the image (each job a new container): compiled after the collections are copied
    # into the final stage, while it still runs as root
    final = containerfile[containerfile.rindex("AS final"):]
    compiled = final.index("compileall -q /usr/share/ansible/collections/ansible_collections/vpnalign/s2s/plugins")
    assert final.index("COPY --from=galaxy /usr/share/ansible /usr/share/ansible") < compiled
    assert compiled < final.index("USER 1000")
    # the collection the EE installs is the tarball it was given (its name follows galaxy.yml's version)
    with open(os.path.join(context, "_build", "requirements.yml")) as handle:
        galaxy = yaml.safe_load(handle)
    files = [entry["name"] for entry in galaxy["collections"] if entry.get("type") == "file"]
    assert files == ["/build/collections/" + os.path.basename(tarball)], files
    assert os.path.exists(os.path.join(context, "_build", "collections", os.path.basename(tarball)))
    # the EE's ansible-core is the range the collection declares
    with open(os.path.join(ee_dir, "execution-environment.yml")) as handle:
        ee_core = Requirement(yaml.safe_load(handle)["dependencies"]["ansible_core"]["package_pip"])
    with open(os.path.join(REPO_ROOT, "requirements.txt")) as handle:
        ours = [Requirement(line.split("#")[0].strip()) for line in handle if line.split("#")[0].strip()]
    assert [req.specifier for req in ours if req.name == "ansible-core"] == [ee_core.specifier]


def test_installed_collection_declares_its_requirements_to_ansible_builder(tarball, workdir):
    # ansible-builder's own introspection (the script it runs inside the image) on the installed collection.
    collections = os.path.join(workdir, "installed")
    # --force and cwd outside the checkout: its ansible.cfg lists .collections, where vpnalign.s2s is the checkout
    rc, text = run([tool("ansible-galaxy"), "collection", "install", "--no-deps", "--force", "-p", collections, tarball],
                   cwd=workdir)
    assert rc == 0, text
    venv = os.path.dirname(os.path.dirname(tool("python")))
    scripts = glob.glob(os.path.join(venv, "lib", "python3*", "site-packages", "ansible_builder", "_target_scripts",
                                     "introspect.py"))
    assert len(scripts) == 1, scripts
    script = scripts[0]
    rc, text = run([tool("python"), script, "introspect", collections])
    assert rc == 0, text
    deps = yaml.safe_load(text.split("---", 1)[1])
    python = "\n".join(deps["python"])
    system = "\n".join(deps["system"])
    for name in ("azure-mgmt-network", "azure-identity", "ansible-pylibssh", "jmespath"):
        assert name in python and "vpnalign.s2s" in python, text
    assert "libssh" in system, text
