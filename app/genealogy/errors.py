"""Domain errors of sub-assemblies (codes are part of the API contract)."""

from __future__ import annotations

from app.kit.errors import Conflict


class NotInstallable(Conflict):
    """The child cannot go into the parent now; `reason` says why (machine-readable)."""

    code = "not_installable"
    title = "Unit cannot be installed"


class NotInstalled(Conflict):
    code = "not_installed"
    title = "Unit is not installed in this parent"
