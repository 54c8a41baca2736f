"""The stand-in CustomGPT server: a real HTTP server with demo agents and fault switches.

It shares no code with `cgpt_tui.api`: it is the other side of the wire.
"""
