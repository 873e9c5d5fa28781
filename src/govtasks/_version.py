"""The package's version (semantic versioning); the data's version is the source's sha256."""

__version__ = "0.1.0"
