# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""This package's modules and plugin_utils' are imported from cached bytecode (``__pycache__``), as any Python package is.

Ansible's collection loader compiles every collection module from source in every process that imports it and keeps
no ``.pyc`` (ansible-core 2.19, ``_AnsibleCollectionPkgLoaderBase.get_code`` calls ``compile()``): the seed check's
playbook spent 0.50 of its 1.35 CPU s compiling 173 of our modules (measured 2026-12-07), every run, every
ansible-connection process. The finder below is asked first for the submodules of module_utils and plugin_utils
(whose ``__init__`` imports this package) only and hands them to
Python's SourceFileLoader, which reads ``__pycache__`` and writes it where it may (nowhere under
PYTHONDONTWRITEBYTECODE or on a read-only install: then it compiles, as Ansible's loader does). Anything it does not
find as a file on disk (a payload zip on a managed node, a name meta/runtime.yml redirects) is left to Ansible's
loader."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys
from importlib.util import spec_from_file_location

_MARK = "_vpnalign_s2s_bytecode_finder"


class _CachedBytecodeFinder:
    """A meta path finder for ``<package>.*`` of the packages given that returns file specs (SourceFileLoader: bytecode
    cached)."""

    def __init__(self, packages):
        self.prefixes = tuple(package + "." for package in packages)
        setattr(self, _MARK, True)

    def find_spec(self, fullname, path=None, target=None):
        if not path or not fullname.startswith(self.prefixes):
            return None
        leaf = fullname.rpartition(".")[2]
        for folder in path:
            package_dir = os.path.join(folder, leaf)
            package_init = os.path.join(package_dir, "__init__.py")
            if os.path.isfile(package_init):
                return spec_from_file_location(fullname, package_init, submodule_search_locations=[package_dir])
            module_file = package_dir + ".py"
            if os.path.isfile(module_file):
                return spec_from_file_location(fullname, module_file)
        return None

    def invalidate_caches(self):
        """Nothing is cached here (importlib.invalidate_caches asks every finder)."""


def _ansible_finder_index():
    """Where Ansible's collection finder sits on sys.meta_path (None: these are plain imports, already cached)."""
    for index, finder in enumerate(sys.meta_path):
        if type(finder).__name__ == "_AnsibleCollectionFinder":
            return index
    return None


def _install(package, init_file):
    # On a managed node this file runs from AnsiballZ's payload zip: no file on disk, no bytecode to keep.
    if not init_file or not os.path.isfile(init_file):
        return
    if any(getattr(finder, _MARK, False) for finder in sys.meta_path):
        return
    index = _ansible_finder_index()
    if index is None:
        return
    # Just before Ansible's finder, not first: whatever a host put ahead of it (ansible-test's import sanity test
    # puts its import guard at sys.meta_path[0] and refuses a change there) is still asked first.
    plugins = package.rpartition(".")[0]
    sys.meta_path.insert(index, _CachedBytecodeFinder((package, plugins + ".plugin_utils")))


_install(__name__, globals().get("__file__"))
