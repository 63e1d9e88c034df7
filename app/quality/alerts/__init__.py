"""Alert rules (configuration), their evaluation on quality events, alerts."""
