# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small helpers the modules share (Ansible side: they report through the module)."""

from ansible_collections.vpnalign.s2s.plugins.module_utils.input_files import read_input
from ansible_collections.vpnalign.s2s.plugins.module_utils.safe_text import load_json_text


def read_src(module, module_name):
    """The bytes of the file named by the ``src`` option, or a clear task failure."""
    path = module.params["src"]
    try:
        return read_input(path)
    except (IOError, OSError) as exc:
        module.fail_json(msg="%s: cannot read src %s: %s" % (module_name, path, exc.strerror or exc))


def read_check_report(module, module_name, path):
    """report.json of the check (a JSON object with a ``tunnels`` list) at ``path``, or a clear task failure."""
    try:
        report = load_json_text(read_input(path).decode("utf-8", "replace"))
    except (IOError, OSError) as exc:
        module.fail_json(msg="%s: cannot read report %s: %s" % (module_name, path, exc.strerror or exc))
    except ValueError as exc:
        module.fail_json(msg="%s: report %s is not a JSON check report: %s" % (module_name, path, exc))
    if not isinstance(report, dict) or not isinstance(report.get("tunnels"), list):
        module.fail_json(msg="%s: report %s has no tunnels list (is it report.json of the check?)" % (module_name, path))
    return report
