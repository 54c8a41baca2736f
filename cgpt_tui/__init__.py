"""cgpt-tui: a keyboard-first terminal client for CustomGPT.ai agents."""

__version__ = "0.1.0"
