"""Quality: test definitions, measurements, enforced gates, quality events, alerts, analytics."""
