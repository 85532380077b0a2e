"""Local fake platforms built from the documented payloads in the shared fixtures, for the
tests and the demo. Each speaks real HTTP on 127.0.0.1 and records what was done to it."""
