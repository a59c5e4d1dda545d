"""One module per output format; none knows about the others. Each takes a Report."""
