"""quotebot's shared core: transcripts in, cited quotes and facts out.

Nothing in this package imports discord or slack; adapters translate.
"""

__version__ = "0.1.0"
