"""Genealogy: sub-assemblies (a child unit installed into a parent), backward genealogy (a
unit's lots and sub-assemblies, recursively) and a lot's where-used (the recall list)."""
