"""Equipment: machine states and counts of workstations (shifts, downtime reasons and OEE next)."""
