"""HR exports as CSV or Excel files: reading them and recognising their columns.

Nothing here touches the database: ``reader`` turns uploaded bytes into rows
(``xlsx`` reads workbooks, ``table`` checks the rows), within the caps of
``limits``; ``columns`` knows the documented columns and the names HR systems
give them; ``testing`` builds crafted and hostile files for tests and benchmarks.
"""

from twoway.integrations.hr_csv.columns import COLUMNS, Column, columns_resolve, header_key
from twoway.integrations.hr_csv.reader import ReadError, Row, Table, table_read

__all__ = [
    "COLUMNS",
    "Column",
    "ReadError",
    "Row",
    "Table",
    "columns_resolve",
    "header_key",
    "table_read",
]
