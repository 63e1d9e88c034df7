"""Work in progress: units started and not finished, per workstation."""
