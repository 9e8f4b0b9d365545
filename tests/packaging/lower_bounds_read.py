# Copyright: contributors to vpnalign.s2s
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the seed case from the ARM lab through the collection's Azure reader, the way azure_vpn_facts does
with no selection (every connection of the subscription, then what each references).

test_requirements.py runs this with the Python of a venv that holds the lowest azure-* versions
requirements.txt allows (those azure.azcollection pins), so the ranges promise nothing the code does not
do. Prints one JSON line: the connections and related resources read, and the requests sent.
"""

import json
import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(REPO_ROOT, "examples", "seed-asa-azure-pfs", "azure_resources.json")
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "lab"))
sys.path.insert(0, os.path.join(REPO_ROOT, ".collections"))

# pylint: disable=wrong-import-position
from arm_https.lab import start_arm_lab  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.auth import AuthSettings  # noqa: E402
from ansible_collections.vpnalign.s2s.plugins.module_utils.azure.sdk import AzureNetworkReader  # noqa: E402


def main():
    with start_arm_lab(SEED) as lab:
        settings = AuthSettings(method="client_secret", origin="lower_bounds_read", subscription_id=lab.subscription,
                                client_id=lab.client_id, tenant=lab.tenant, secret=lab.client_secret, cloud="custom",
                                base_url=lab.base_url, scope=lab.base_url + "/.default", authority=lab.authority,
                                disable_instance_discovery=True, ca_bundle=lab.ca_file)
        reader = AzureNetworkReader(settings, retries=1)
        try:
            reader.authenticate()
            connections = reader.subscription_connections()
            related = reader.related(connections)
        finally:
            reader.close()
    print(json.dumps({"connections": sorted(c.get("name") for c in connections),
                      "related": len(related or []), "requests": reader.requests}))


if __name__ == "__main__":
    main()
