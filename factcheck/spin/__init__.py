"""Machine-spun text: fingerprints of known spins and a list-free detector."""
