"""Duplicate passages within and across documents, at corpus scale.

The pipeline, one module per step:

- ``text``: words with character offsets, normalised so that case, curly or
  straight quotes and dashes do not matter; units (sentences, split again at
  quotation marks) and which words are attributed quotations;
- ``fingerprint``: the picklable per-document record the corpus stage works on;
- ``shingles``: word-bigram shingles of each unit;
- ``candidates``: unit pairs worth verifying, from an exact set-similarity join
  of the units' bigram sets (prefix filtering; numpy, imported only for large
  corpora);
- ``align``: exact verification and similarity of two word sequences;
- ``passages``: seed pairs chained, aligned and extended into passages, and how
  much of one document another one covers.
"""
