"""The sha256 of ``data/MANIFEST.sha256``: a manifest regenerated over edited data does not match it.

Written by ``scripts/regenerate_data.py`` with the manifest; never edit it by hand.
"""

MANIFEST_SHA256 = "a712f6abdf6d808c822ebb136d6da11082a602f8824da57bf5f8ed230c422664"
