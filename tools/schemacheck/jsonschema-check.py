"""jsonschema-check.py SCHEMA RECORDS: checks SCHEMA against the Draft
2020-12 metaschema with Python's jsonschema and validates each line of
RECORDS (JSON Lines) with its format checker (date-time needs
rfc3339-validator, which the script requires). Prints one JSON line per
record: {"line": N, "valid": bool, "errors": [...]}; exits 2 when the
schema is invalid or the format checker cannot check date-time."""
import json
import sys

import jsonschema
from jsonschema import Draft202012Validator

schema_path, records_path = sys.argv[1:3]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
try:
    Draft202012Validator.check_schema(schema)
except jsonschema.exceptions.SchemaError as e:
    print("schema is invalid: %s" % e.message, file=sys.stderr)
    sys.exit(2)
checker = Draft202012Validator.FORMAT_CHECKER
if "date-time" not in checker.checkers:
    print("the format checker cannot check date-time: install rfc3339-validator (Debian: python3-rfc3339-validator)", file=sys.stderr)
    sys.exit(2)
validator = Draft202012Validator(schema, format_checker=checker)
with open(records_path, encoding="utf-8") as f:
    for i, text in enumerate(f.read().split("\n")):
        if text == "":
            continue
        errors = ["%s %s: %s" % ("/".join(str(p) for p in e.absolute_path), e.validator, e.message[:200])
                  for e in validator.iter_errors(json.loads(text))]
        print(json.dumps({"line": i + 1, "valid": not errors, "errors": errors}))
