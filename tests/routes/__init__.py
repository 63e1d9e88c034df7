"""Routes and their revisions (app/routes)."""
