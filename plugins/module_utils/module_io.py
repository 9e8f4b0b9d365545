# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small helpers the modules share (Ansible side: they report through the module)."""


def read_src(module, module_name):
    """The bytes of the file named by the ``src`` option, or a clear task failure."""
    path = module.params["src"]
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except (IOError, OSError) as exc:
        module.fail_json(msg="%s: cannot read src %s: %s" % (module_name, path, exc.strerror or exc))
