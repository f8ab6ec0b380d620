"""What Chinese disclosure text means: numbers, headings, table kinds, codes, claims.

Parsers are pure: they take strings (and the model's plain data) and never open files or PDFs.
"""
