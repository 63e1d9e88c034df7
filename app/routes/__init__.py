"""Routes: ordered steps through workstations, versioned as immutable revisions."""
