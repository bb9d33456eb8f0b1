"""flashpoint: structured, evidence-linked records from writing about a contested conflict."""

from flashpoint.document import Document

__version__ = "0.1.0"
__all__ = ["Document", "__version__"]
