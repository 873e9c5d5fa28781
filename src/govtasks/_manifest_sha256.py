"""The sha256 of ``data/MANIFEST.sha256``: a manifest regenerated over edited data does not match it.

Written by ``scripts/regenerate_data.py`` with the manifest; never edit it by hand.
"""

MANIFEST_SHA256 = "6255dd85e6d481eae6f8336f615fc85c13b46acefe6ff816516a038e4950201d"
