# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vpnalign.s2s contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ARM template text in an Azure resources input: a template, a parameters file, or a template expression where a
value should be.

A template (``az group export``, ``az deployment group export``, the portal's "Export template") describes resources
to deploy: its values may be expressions such as ``[parameters('psk')]`` or ``[reference(...).ipAddress]``, which only
a deployment evaluates. Read as values, such a text was compared as an address, a prefix or a key; the reader refuses
it instead, naming the resource and the property. No Ansible import here.
"""

import re

from ansible_collections.vpnalign.s2s.plugins.module_utils.secrets import ARM_SECRET_PROPERTIES

__all__ = ["expression_function", "expression_in", "template_kind", "template_resource"]

# "Expressions start and end with brackets: [ and ]" and begin with a function call (parameters, variables,
# resourceId, reference, concat, format, a user function namespace.name); "[[" starts a literal, not an expression
# (Microsoft Learn, Azure Resource Manager, "Syntax and expressions in ARM templates", Escape characters).
_EXPRESSION = re.compile(r"\[\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)?)\s*\(", re.ASCII)


def expression_function(text):
    """The function an ARM template expression ``text`` starts with (e.g. ``parameters``), or None."""
    if not (text.startswith("[") and text.rstrip().endswith("]")) or text.startswith("[["):
        return None
    match = _EXPRESSION.match(text)
    return match.group(1) if match else None


def expression_in(value):
    """(property path, function name) of the first template expression in ``value`` (a resource's JSON), or None;
    the function name is None under a secret property (sharedKey).
    The path names the property (``ipsecPolicies[0].dhGroup``); the expression's text is not returned: under a
    secret property (sharedKey) it is that property's value."""
    return _expression_at(value, "") if _bracketed(value) else None


def _bracketed(value):
    """Whether any str in ``value`` starts with "[": the walk without paths, as nearly every resource has none (its
    paths made for every key cost a fifth of reading 10,000 resources)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if item[:1] == "[":
                return True
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _expression_at(value, path):
    if isinstance(value, str):
        found = expression_function(value) if value[:1] == "[" else None
        return (path, found) if found else None
    if isinstance(value, dict):
        for key, inner in value.items():
            found = _expression_at(inner, "%s.%s" % (path, key) if path else str(key))
            if found:
                # under a secret property even the function name is the start of its value (review s42)
                return (found[0], None) if key in ARM_SECRET_PROPERTIES else found
    elif isinstance(value, list):
        for at, inner in enumerate(value):
            found = _expression_at(inner, "%s[%d]" % (path, at))
            if found:
                return found
    return None


# What a deployment template and a parameters file carry ($schema .../deploymentTemplate.json# and
# .../deploymentParameters.json#, Microsoft Learn "Template structure" and "Create a Resource Manager parameters
# file"); languageVersion 2.0 templates hold ``resources`` as an object of symbolic names.
def template_kind(data):
    """"template", "parameters" (an ARM parameters file), "export_result" (a template as the Export Template API
    answers it) or None for any other JSON value."""
    if not isinstance(data, dict) or "id" in data:
        return None
    # Resource Groups - Export Template (POST .../exportTemplate) answers a ResourceGroupExportResult: {"template":
    # {...}, "error": {...}} ("output" with outputFormat Bicep); Azure REST API reference, Resources, Resource Groups -
    # Export Template; the SDKs' ResourceGroupExportResult (template, error, output). Read as a resource, it was
    # "'(unnamed)' has no id", naming neither the template nor what to give instead.
    if "template" in data and set(data) <= {"template", "error", "output"} and (
            template_kind(data["template"]) == "template" or isinstance(data.get("output"), str)):
        return "export_result"
    schema = str(data.get("$schema", "")).casefold()
    if isinstance(data.get("resources"), (list, dict)) and (
            "deploymenttemplate" in schema or "contentVersion" in data):
        return "template"
    if "deploymentparameters" in schema or (
            "contentVersion" in data and isinstance(data.get("parameters"), dict) and "resources" not in data):
        return "parameters"
    return None


def template_resource(item):
    """Whether ``item`` (a resource without an id) is one of a template's ``resources``: it has the template-only
    apiVersion, dependsOn, copy or condition, or its name is an expression."""
    name = item.get("name")
    return bool({"apiVersion", "dependsOn", "copy", "condition"} & set(item)) or (
        isinstance(name, str) and expression_function(name) is not None)
