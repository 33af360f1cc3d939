"""Corpus loading: finding files, decoding them, and attaching their metadata."""
