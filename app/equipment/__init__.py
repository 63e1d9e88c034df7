"""Equipment: machine states and counts (shifts, downtime reasons and OEE will join them)."""
