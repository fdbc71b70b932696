"""The .cjm document: SQLite written through SQLAlchemy. The only package that uses it."""

from app.model.store.errors import NewerVersionError, StoreError
from app.model.store.reader import open_document, open_map
from app.model.store.schema import APPLICATION_ID, SCHEMA_VERSION
from app.model.store.validate import check_header as file_schema_version
from app.model.store.writer import save_document, save_map

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "NewerVersionError",
    "StoreError",
    "file_schema_version",
    "open_document",
    "open_map",
    "save_document",
    "save_map",
]
