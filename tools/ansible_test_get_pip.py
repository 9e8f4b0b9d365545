# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# vpnalign-s2s stand-in for get-pip.py (this marker line lets tools/devenv.py update it)
"""Offline stand-in for ansible-test's pip bootstrap script.

``ansible-test ... --venv`` creates empty virtual environments and bootstraps pip into them
by downloading ``https://ci-files.testing.ansible.com/ansible-test/get-pip-<version>.py``,
unless ``~/.ansible/test/cache/get_pip_<version>.py`` already exists.  That host is not
reachable from our machines (only PyPI is), so ``make sanity`` puts this file there instead.

Like get-pip.py it is run with the new environment's Python and pip-install arguments,
e.g. ``--disable-pip-version-check pip==24.2 --no-setuptools --no-wheel``.  It runs the pip
wheel bundled with Python's ``ensurepip`` (without installing it or setuptools) to install
the requested pip from PyPI, which is what get-pip.py does with the pip it carries.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys


def main() -> None:
    # get-pip.py's own options; pip install does not know them (and we install neither)
    args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
    try:
        import ensurepip  # pylint: disable=import-outside-toplevel
    except ImportError:
        sys.exit('ensurepip is missing from %s: cannot bootstrap pip offline' % sys.executable)
    wheels = sorted(glob.glob(os.path.join(os.path.dirname(ensurepip.__file__), '_bundled', 'pip-*.whl')))
    if not wheels:
        sys.exit('no bundled pip wheel in ensurepip of %s' % sys.executable)
    # A pip wheel is runnable as a zip application: python pip-X.whl/pip install ...
    command = [sys.executable, os.path.join(wheels[-1], 'pip'), 'install'] + args
    sys.exit(subprocess.call(command))


if __name__ == '__main__':
    main()
