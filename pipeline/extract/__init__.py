"""PDF → Document, no interpretation. See `reader.read_pdf`."""
from pipeline.extract.reader import ExtractionError, read_pdf

__all__ = ["ExtractionError", "read_pdf"]
