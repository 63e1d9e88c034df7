"""Labour: who works on which job (a unit's or a batch's current step), from when to when."""
