"""Lines, workstations, parts and defect codes (app/masterdata)."""
