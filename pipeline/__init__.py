"""peel-extract: tables from policing PDFs as tidy, validated Parquet with provenance."""
__version__ = "0.1.0"
