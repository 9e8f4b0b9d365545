# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The built tarball: what it holds (galaxy.yml's build_ignore) and what galaxy-importer says of it."""

import os
import tarfile

from conftest import run, tool, tool_env

# What an installed user runs or reads.
MUST_HOLD = [
    "MANIFEST.json", "FILES.json", "README.md", "COPYING", "requirements.txt", "bindep.txt",
    "execution-environment.yml", "meta/runtime.yml", "meta/execution-environment.yml",
    "changelogs/changelog.yaml", "docs/finding_codes.md",
    "playbooks/check.yml", "playbooks/align.yml",
    "roles/compliance/README.md", "roles/compliance/meta/argument_specs.yml", "roles/compliance/tasks/main.yml",
    "roles/align/README.md", "roles/align/meta/argument_specs.yml", "roles/align/tasks/main.yml",
    "plugins/modules/vpn_compat_check.py", "plugins/modules/asa_vpn_facts.py", "plugins/modules/azure_vpn_facts.py",
    "plugins/action/vpn_compat_check.py", "plugins/terminal/asa.py", "plugins/cliconf/asa.py",
    "examples/seed-asa-azure-pfs/asa_running_config.txt", "examples/seed-asa-azure-pfs/azure_resources.json",
]
# What needs the checkout (labs, pytest, make, the dev venvs) or is local output.
MUST_NOT_START_WITH = [
    "tests/", "tools/", "benchmarks/", ".ci/", ".venv", ".collections", ".cache/", ".build/", "out/",
    "playbooks/out/", "dist/", "Makefile", "ansible.cfg", "constraints.txt", "requirements-test.txt",
    "requirements-azcli.txt", "requirements-packaging.txt", ".gitignore", ".ansible-lint",
]


def _names(path):
    with tarfile.open(path) as tar:
        return [member.name for member in tar.getmembers() if member.isfile()]


def test_tarball_holds_what_an_installed_user_can_use_and_nothing_that_needs_the_checkout(tarball):
    names = _names(tarball)
    missing = [name for name in MUST_HOLD if name not in names]
    assert not missing, "missing from the tarball: %s" % missing
    unwanted = sorted(name for name in names
                      if any(name.startswith(prefix) for prefix in MUST_NOT_START_WITH)
                      or "__pycache__" in name or name.endswith(".pyc"))
    assert not unwanted, "in the tarball but of no use installed: %s" % unwanted[:20]
    # every role a user can call has a README (galaxy-importer rejects the tarball otherwise)
    roles = sorted({name.split("/")[1] for name in names if name.startswith("roles/")})
    assert roles and all("roles/%s/README.md" % role in names for role in roles), roles
    assert os.path.getsize(tarball) < 2 * 1024 * 1024, "%d bytes: something large slipped in" % os.path.getsize(tarball)


def test_galaxy_importer_accepts_the_tarball(tarball, workdir):
    # The checks Galaxy and Automation Hub run on an upload; ansible-test (needs containers) is off,
    # ansible-doc and ansible-lint on (galaxy-importer's defaults).
    config = os.path.join(workdir, "galaxy-importer.cfg")
    with open(config, "w") as handle:
        handle.write("[galaxy-importer]\nrun_ansible_test = False\nrun_ansible_doc = True\n"
                     "run_ansible_lint = True\ncheck_changelog = True\n"
                     "ansible_local_tmp = %s\n" % os.path.join(workdir, "importer-tmp"))
    python = tool("python")
    rc, text = run([python, "-m", "galaxy_importer.main", tarball], cwd=workdir,
                   env=tool_env(GALAXY_IMPORTER_CONFIG=config))
    assert rc == 0, text
    assert "Importer processing completed successfully" in text, text
    # galaxy-importer exits 0 even when ansible-doc cannot read a module's documentation (an ERROR
    # line; Galaxy then shows the module without documentation). Its ansible-lint WARNING lines are
    # test_lint.py's business (the production profile fails on them there).
    errors = [line for line in text.splitlines() if line.startswith("ERROR")]
    assert not errors, "\n".join(errors)
