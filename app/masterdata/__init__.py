"""Shop-floor configuration: lines, workstations, parts, defect codes."""
