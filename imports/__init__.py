"""Reading the sheets users import (issue 15): `imports.reader` reads any file; each record
family will have its stem here, mapping its columns to plain rows."""
