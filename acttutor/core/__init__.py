"""Pure logic: activations, the worked network, answer parsing. Never imports a UI library."""
