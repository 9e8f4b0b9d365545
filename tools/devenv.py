# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Developer environment helper used by the Makefile (not shipped in the built collection).

Sub-commands:

``collections``
    Install the collections the project needs *without* Ansible Galaxy (which is not
    reachable from our machines): download the ``ansible`` community wheels from PyPI
    (``pip download --no-deps``), check their sha256, and unpack only the wanted
    ``ansible_collections/<ns>/<name>/`` trees.  Also link the checkout itself as
    ``vpnalign.s2s``.  Wheels are cached in ``.cache/wheels``.

``ansible-test-bootstrap``
    Put ``tools/ansible_test_get_pip.py`` where ``ansible-test --venv`` looks for its pip
    bootstrap script before trying to download it from a host we cannot reach.

``sanity-tree DEST``
    Copy the collection (the repository root) to ``DEST`` for ``ansible-test``,
    leaving out local environments and build output, deleting files that are no
    longer in the source (like ``rsync --delete``, with nothing but the stdlib).
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(ROOT, '.cache', 'wheels')

# The ``ansible`` community package carries its collections under ansible_collections/.
# sha256 values are those of the files on PyPI (checked after every download).
WHEELS = {
    # ansible 12.3.0 -> ansible.netcommon 8.2.0, ansible.utils 6.0.0
    'ansible==12.3.0': ('ansible-12.3.0-py3-none-any.whl',
                        'cd156f82fa87f7a899212b0efa9f7ca3a24d609212de9f78428a572eb01e5414'),
    # ansible 11.13.0 -> cisco.asa 6.1.0 (cisco.asa was dropped from ansible 12)
    'ansible==11.13.0': ('ansible-11.13.0-py3-none-any.whl',
                         '7f1c9c6a6026ff214d9240647e4d2b019b2a9d4c7a2bc733932bcf92af80ab04'),
}

# (collections path, requirement, [namespace/name, ...])
COLLECTION_PATHS = [
    ('.collections', 'ansible==12.3.0', ['ansible/netcommon', 'ansible/utils']),
    # Kept apart: only tests that check cisco.asa inventories keep working put this
    # on ANSIBLE_COLLECTIONS_PATH.  The collection itself must not need cisco.asa.
    ('.collections-cisco', 'ansible==11.13.0', ['cisco/asa']),
]

# Not copied into the ansible-test tree (local environments, output, VCS data).
SANITY_EXCLUDE_TOP = ['.venv', '.venv-*', '.collections', '.collections-*', '.cache', '.build', 'out', '.git']
SANITY_EXCLUDE_ANY = ['__pycache__', '.pytest_cache', '.benchmarks', '*.pyc', '*.pyo']


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, 'rb') as handle:
        for block in iter(lambda: handle.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def _wheel(requirement: str) -> str:
    """Return the path of the cached, verified wheel for ``requirement``; download it if needed."""
    filename, sha256 = WHEELS[requirement]
    path = os.path.join(CACHE, filename)
    if os.path.exists(path) and _sha256(path) == sha256:
        return path
    os.makedirs(CACHE, exist_ok=True)
    print('downloading %s into %s' % (requirement, os.path.relpath(CACHE, ROOT)), flush=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--quiet', '--no-deps',
                        '--only-binary=:all:', '--dest', tmp, requirement], check=True)
        got = os.path.join(tmp, filename)
        if not os.path.exists(got):
            sys.exit('pip download %s did not produce %s (got: %s)' % (requirement, filename, os.listdir(tmp)))
        actual = _sha256(got)
        if actual != sha256:
            sys.exit('sha256 mismatch for %s: expected %s, got %s' % (filename, sha256, actual))
        os.replace(got, path)
    return path


def _extract(wheel: str, names: list[str], dest: str) -> None:
    """Unpack ansible_collections/<name>/ for each name in ``names`` into ``dest``/ansible_collections."""
    prefixes = tuple('ansible_collections/%s/' % name for name in names)
    with zipfile.ZipFile(wheel) as archive:
        members = [m for m in archive.infolist() if m.filename.startswith(prefixes)]
        found = {name for name in names if any(m.filename.startswith('ansible_collections/%s/' % name) for m in members)}
        missing = sorted(set(names) - found)
        if missing:
            sys.exit('%s does not contain %s' % (os.path.basename(wheel), ', '.join(missing)))
        for member in members:
            if member.is_dir():
                continue
            if os.path.isabs(member.filename) or '..' in member.filename.split('/'):
                sys.exit('refusing unsafe path in %s: %s' % (wheel, member.filename))
            target = os.path.join(dest, *member.filename.split('/'))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with archive.open(member) as src, open(target, 'wb') as dst:
                shutil.copyfileobj(src, dst)
            mode = (member.external_attr >> 16) & 0o777
            if mode:
                os.chmod(target, mode)


def cmd_collections(_args: argparse.Namespace) -> None:
    for path, requirement, names in COLLECTION_PATHS:
        wheel = _wheel(requirement)
        final = os.path.join(ROOT, path)
        # Unpack next to the final place, then swap, so an interrupted run never leaves a half tree.
        staging = tempfile.mkdtemp(prefix=path + '.tmp-', dir=ROOT)
        os.chmod(staging, 0o755)  # mkdtemp makes it 0700
        try:
            _extract(wheel, names, staging)
            if path == '.collections':
                # The checkout is the collection: make it resolvable as vpnalign.s2s.
                os.makedirs(os.path.join(staging, 'ansible_collections', 'vpnalign'))
                os.symlink(os.path.join('..', '..', '..'),
                           os.path.join(staging, 'ansible_collections', 'vpnalign', 's2s'))
            if os.path.lexists(final):
                shutil.rmtree(final)
            os.replace(staging, final)
        finally:
            if os.path.exists(staging):
                shutil.rmtree(staging)
        print('%s: %s (from %s)' % (path, ', '.join(n.replace('/', '.') for n in names), requirement), flush=True)
    print('.collections: vpnalign.s2s -> checkout', flush=True)


def _excluded(rel: str, name: str) -> bool:
    if '/' not in rel and any(fnmatch.fnmatch(name, pat) for pat in SANITY_EXCLUDE_TOP):
        return True
    return any(fnmatch.fnmatch(name, pat) for pat in SANITY_EXCLUDE_ANY)


def _copy_tree(src: str, dst: str, rel: str = '') -> None:
    """Mirror src into dst: copy new or changed files, delete what src no longer has."""
    os.makedirs(dst, exist_ok=True)
    wanted = set()
    for entry in os.scandir(src):
        entry_rel = entry.name if not rel else rel + '/' + entry.name
        if _excluded(entry_rel, entry.name):
            continue
        wanted.add(entry.name)
        target = os.path.join(dst, entry.name)
        if entry.is_symlink():
            link = os.readlink(entry.path)
            if os.path.islink(target) and os.readlink(target) == link:
                continue
            _remove(target)
            os.symlink(link, target)
        elif entry.is_dir():
            if os.path.lexists(target) and (os.path.islink(target) or not os.path.isdir(target)):
                _remove(target)
            _copy_tree(entry.path, target, entry_rel)
        else:
            if os.path.lexists(target) and (os.path.islink(target) or os.path.isdir(target)):
                _remove(target)
            st = entry.stat()
            if os.path.exists(target):
                tst = os.stat(target)
                if tst.st_size == st.st_size and int(tst.st_mtime) == int(st.st_mtime) and tst.st_mode == st.st_mode:
                    continue
            shutil.copy2(entry.path, target)
    for entry in os.scandir(dst):
        if entry.name not in wanted:
            # keep ansible-test's own output between runs (tests/output is where it writes)
            if (rel + '/' + entry.name).lstrip('/') == 'tests/output':
                continue
            _remove(entry.path)


def _remove(path: str) -> None:
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)


def cmd_sanity_tree(args: argparse.Namespace) -> None:
    dest = os.path.abspath(args.dest)
    if dest == ROOT or dest.startswith(ROOT + os.sep) and not dest.startswith(os.path.join(ROOT, '.build') + os.sep):
        sys.exit('refusing to mirror into %s (must be under .build/ or outside the checkout)' % dest)
    _copy_tree(ROOT, dest)
    print('mirrored %s -> %s' % (ROOT, os.path.relpath(dest, ROOT)), flush=True)


GET_PIP_MARKER = 'vpnalign-s2s stand-in for get-pip.py'


def cmd_ansible_test_bootstrap(_args: argparse.Namespace) -> None:
    import types  # pylint: disable=import-outside-toplevel
    from ansible_test._internal.python_requirements import get_venv_packages  # pylint: disable=import-outside-toplevel

    version = '%d.%d' % sys.version_info[:2]
    pip_version = get_venv_packages(types.SimpleNamespace(version=version))['pip']
    # same path as ansible_test/_util/target/setup/requirements.py:bootstrap()
    cache_path = os.path.expanduser('~/.ansible/test/cache/get_pip_%s.py' % pip_version.replace('.', '_'))
    with open(os.path.join(ROOT, 'tools', 'ansible_test_get_pip.py'), encoding='utf-8') as handle:
        wanted = handle.read()
    if os.path.exists(cache_path):
        with open(cache_path, encoding='utf-8', errors='replace') as handle:
            current = handle.read()
        if GET_PIP_MARKER not in current or current == wanted:
            return  # a genuine get-pip.py someone saved there, or ours, up to date
    os.makedirs(os.path.dirname(cache_path), exist_ok=True)
    with open(cache_path + '.tmp', 'w', encoding='utf-8') as handle:
        handle.write(wanted)
    os.replace(cache_path + '.tmp', cache_path)
    print('installed offline pip %s bootstrap for ansible-test: %s' % (pip_version, cache_path), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('collections', help='install ansible.netcommon/ansible.utils (+ cisco.asa apart) without Galaxy')
    sub.add_parser('ansible-test-bootstrap', help='install the offline pip bootstrap script for ansible-test --venv')
    tree = sub.add_parser('sanity-tree', help='mirror the collection into DEST for ansible-test')
    tree.add_argument('dest')
    args = parser.parse_args()
    {'collections': cmd_collections, 'sanity-tree': cmd_sanity_tree,
     'ansible-test-bootstrap': cmd_ansible_test_bootstrap}[args.command](args)


if __name__ == '__main__':
    main()
