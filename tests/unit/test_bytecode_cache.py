"""Our collection's modules load from cached bytecode under Ansible's own collection loader (module_utils/__init__.py).

Ansible's loader compiles every collection module from source in each process: the seed check spent 0.5 of its
1.35 CPU s there. Each test runs a fresh Python on a copy of plugins/ laid out as an installed collection."""

import os
import shutil
import subprocess
import sys
import textwrap
import zipfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Installs Ansible's collection finder on the root given, counts what Ansible's loader compiles of ours, imports
# the modules named and prints: the count, then each module's __cached__ (None when it has none).
IMPORT_UNDER_ANSIBLE = textwrap.dedent("""
    import builtins, importlib, sys
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder
    _AnsibleCollectionFinder(paths=[sys.argv[1]])._install()
    compiled = []
    real_compile = builtins.compile
    def counting_compile(source, filename, *args, **kwargs):
        if isinstance(filename, str) and '/vpnalign/s2s/' in filename:
            compiled.append(filename)
        return real_compile(source, filename, *args, **kwargs)
    builtins.compile = counting_compile
    modules = [importlib.import_module(name) for name in sys.argv[2:]]
    print(len(compiled))
    for module in modules:
        print(getattr(module, 'VALUE', ''), module.__cached__)
""")


@pytest.fixture
def root(tmp_path):
    """A directory for a copy of the collection, removed after the test: its bytecode holds our code's string
    constants (keyword texts the secret scan of out/test takes for keys), which the run's artifacts must not keep."""
    yield tmp_path / "copy"
    shutil.rmtree(tmp_path / "copy", ignore_errors=True)


def _installed_copy(root, with_bytecode):
    """plugins/ at <root>/ansible_collections/vpnalign/s2s, as ansible-galaxy installs it (no __pycache__)."""
    collection = os.path.join(root, "ansible_collections", "vpnalign", "s2s")
    shutil.copytree(os.path.join(REPO, "plugins"), os.path.join(collection, "plugins"),
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if with_bytecode:
        subprocess.run([sys.executable, "-m", "compileall", "-q", collection], check=True, stdout=subprocess.DEVNULL)
    return collection


def _import_under_ansible(root, *names, write_bytecode=False):
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    out = subprocess.run([sys.executable, "-c", IMPORT_UNDER_ANSIBLE, str(root)] + list(names), env=env,
                         check=True, capture_output=True, text=True).stdout.split("\n")
    return int(out[0]), [line.split(" ", 1) for line in out[1:] if line]


def test_the_checks_modules_load_from_bytecode_not_compiled_by_ansibles_loader(root):
    _installed_copy(root, with_bytecode=True)
    compiled, modules = _import_under_ansible(
        root, "ansible_collections.vpnalign.s2s.plugins.module_utils.compat",
        "ansible_collections.vpnalign.s2s.plugins.module_utils.asa.adapter",
        "ansible_collections.vpnalign.s2s.plugins.plugin_utils.fact_sources")
    # Only the two package __init__ files that install the finder are Ansible's to compile (about 170 before).
    assert compiled == 2
    assert all(cached.endswith(".pyc") and os.path.isfile(cached) for _value, cached in modules)


def test_a_module_edited_after_its_bytecode_was_written_runs_as_edited(root):
    collection = _installed_copy(root, with_bytecode=False)
    probe = os.path.join(collection, "plugins", "module_utils", "bytecode_probe.py")
    with open(probe, "w", encoding="utf-8") as handle:
        handle.write("VALUE = 'first'\n")
    name = "ansible_collections.vpnalign.s2s.plugins.module_utils.bytecode_probe"
    _compiled, [(value, cached)] = _import_under_ansible(root, name, write_bytecode=True)
    assert value == "first" and os.path.isfile(cached)
    with open(probe, "w", encoding="utf-8") as handle:
        handle.write("VALUE = 'second-edit'\n")
    _compiled, [(value, _cached)] = _import_under_ansible(root, name)
    assert value == "second-edit"


@pytest.mark.parametrize("package_init", ["module_utils/__init__.py"])
def test_from_a_payload_zip_the_modules_import_and_no_finder_is_added(tmp_path, package_init):
    # A module run on a managed node imports our module_utils from AnsiballZ's zip: nothing on disk to cache.
    payload = tmp_path / "payload.zip"
    with zipfile.ZipFile(payload, "w") as archive:
        # AnsiballZ writes an empty __init__.py for each package above (ansible.executor.module_common)
        for package in ("ansible_collections", "ansible_collections/vpnalign", "ansible_collections/vpnalign/s2s",
                        "ansible_collections/vpnalign/s2s/plugins"):
            archive.writestr(package + "/__init__.py", "")
        archive.write(os.path.join(REPO, "plugins", package_init),
                      "ansible_collections/vpnalign/s2s/plugins/" + package_init)
        archive.writestr("ansible_collections/vpnalign/s2s/plugins/module_utils/bytecode_probe.py", "VALUE = 3\n")
    script = textwrap.dedent("""
        import sys
        sys.path.insert(0, sys.argv[1])
        from ansible_collections.vpnalign.s2s.plugins.module_utils import bytecode_probe
        print(bytecode_probe.VALUE, sum(hasattr(f, '_vpnalign_s2s_bytecode_finder') for f in sys.meta_path))
    """)
    out = subprocess.run([sys.executable, "-c", script, str(payload)], check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["3", "0"]
