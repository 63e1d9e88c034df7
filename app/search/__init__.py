"""Find a unit, an order or a part by what is printed on it."""
