"""The factory simulator: a plant description, configured and run through Takt's commands
(`takt simulate`, `takt demo`). See docs/simulator.md."""
