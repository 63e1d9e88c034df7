"""The unit record (device history record) and the batch record: JSON, HTML and PDF."""
