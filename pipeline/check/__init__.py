"""The consistency checker: identities from the tables, evaluated with interval arithmetic."""
from pipeline.check.run import check_document

__all__ = ["check_document"]
