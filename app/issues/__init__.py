"""Andon: issue types and issues (API.md part 2, "Issues (andon)"); docs/issues.md."""
