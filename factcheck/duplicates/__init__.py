"""Duplicate passages within and across documents, at corpus scale.

The pipeline, one module per step:

- ``text``: words with character offsets, normalised so that case, curly or
  straight quotes and dashes do not matter; units (sentences, split again at
  quotation marks) and which words are attributed quotations;
- ``fingerprint``: the picklable per-document record the corpus stage works on;
- ``shingles`` and ``minhash``: word-bigram shingles of each unit and their
  MinHash sketches (numpy, imported only for large corpora);
- ``candidates``: unit pairs worth verifying, from an exact shingle index for
  small corpora or LSH banding over sorted arrays of 64-bit band keys;
- ``align``: exact verification and similarity of two word sequences;
- ``passages``: seed pairs chained, aligned and extended into passages, and how
  much of one document another one covers.
"""
