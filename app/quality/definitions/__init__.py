"""Test definitions: the tests of a route step, their limits, whether a gate needs them."""
