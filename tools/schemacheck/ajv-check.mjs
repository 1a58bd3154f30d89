// ajv-check.mjs SCHEMA RECORDS: compiles SCHEMA with ajv's Draft 2020-12
// validator in strict mode (every strict option on, ajv-formats' full
// formats) and validates each line of RECORDS (JSON Lines). It prints one
// JSON line per record: {"line": N, "valid": bool, "errors": [...]}; a
// schema that does not compile exits 2 with the reason.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, recordsPath] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: true });
addFormats(ajv, { mode: "full" });
let validate;
try {
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
} catch (e) {
  console.error("schema does not compile in strict mode: " + e.message);
  process.exit(2);
}
const lines = readFileSync(recordsPath, "utf8").split("\n");
lines.forEach((text, i) => {
  if (text === "") return;
  const ok = validate(JSON.parse(text));
  const errors = ok ? [] : validate.errors.map((e) => `${e.instancePath} ${e.keyword}: ${e.message}`);
  console.log(JSON.stringify({ line: i + 1, valid: ok, errors }));
});
