"""Direct quotations: where they are, who is credited with them, and how two
renderings of the same quotation compare.

``marks`` finds quotation spans, ``layout`` paragraphs and sentences, ``cues``
the attribution patterns, ``speakers`` resolves who a phrase names,
``extract`` puts them together per document, ``tokens`` and ``matching``
compare quotations word by word.
"""
