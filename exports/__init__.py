"""PDF exports: pure functions from plain data to PDF bytes (the document engine comes next)."""
