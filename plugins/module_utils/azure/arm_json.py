# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ARM JSON shape of what the SDK returns, and the parts of a Microsoft.Network resource id.

Both the SDK reader (sdk.py) and its connection discovery (discovery.py) use them; no Azure SDK
import is needed here.  No Ansible import here.
"""

from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.resources import id_segment

__all__ = ["arm_dict", "parse_id"]


def arm_dict(model):
    """An SDK model (or a dict) as the ARM REST JSON (camelCase, ``properties`` nested).

    azure-mgmt-network >= 30 models are mappings over the REST JSON (``as_dict()`` is that
    JSON); older msrest models need ``serialize(keep_readonly=True)`` for the REST shape
    (their ``as_dict()`` is snake_case).
    """
    if model is None or isinstance(model, dict):
        return model
    if hasattr(model, "_attribute_map") and hasattr(model, "serialize"):  # msrest models
        return model.serialize(keep_readonly=True)
    if hasattr(model, "as_dict"):
        return model.as_dict()
    raise TypeError("cannot turn %s into ARM JSON" % type(model).__name__)


def parse_id(resource_id):
    """(subscription, resource group, kind key, name) of a Microsoft.Network resource id."""
    parts = resource_id.strip("/").split("/")
    lowered = [p.casefold() for p in parts]
    try:
        at = lowered.index("microsoft.network")
    except ValueError:
        return None
    if at + 2 >= len(parts) or len(parts) != at + 3:
        return None
    return id_segment(resource_id, "subscriptions"), id_segment(resource_id, "resourceGroups"), \
        lowered[at + 1], parts[at + 2]
