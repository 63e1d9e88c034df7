"""Units: generation, moves and their concurrency (app/units)."""
