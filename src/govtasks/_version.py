"""The package's version (semantic versioning) and its release date.

The data's own version is the sha256 of the bundled source text (``govtasks.__data_version__``).
"""

__version__ = "0.7.0"
RELEASE_DATE = "2026-11-26"
"""When this version was released: the ``created`` date of the shipped data package."""
