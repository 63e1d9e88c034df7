"""Engine, executor and the schema from migrations (app/db)."""
