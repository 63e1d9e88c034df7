"""Machines over MQTT: the consumer, mapping rules, machine states and counts, dead letters."""
