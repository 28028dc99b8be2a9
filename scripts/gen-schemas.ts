// Writes schemas/*.schema.json from the formats' shapes and lists them in package.json (`yamlValidation`,
// `jsonValidation`), so other YAML tooling validates our files the same way. `--check` only reports drift.
import * as fs from "node:fs";
import * as path from "node:path";
import { expectedSchemas } from "./schemas";

const root = path.resolve(__dirname, "..");
const check = process.argv.includes("--check");
const { files, yamlValidation, jsonValidation } = expectedSchemas();
let drift = 0;
for (const [name, content] of Object.entries(files)) {
  const p = path.join(root, "schemas", name);
  const current = fs.existsSync(p) ? fs.readFileSync(p, "utf8") : undefined;
  if (current === content) continue;
  drift++;
  if (check) console.error(`schemas/${name} is out of date`);
  else fs.writeFileSync(p, content);
}
const pkgPath = path.join(root, "package.json");
const pkg = JSON.parse(fs.readFileSync(pkgPath, "utf8"));
if (JSON.stringify(pkg.contributes.yamlValidation) !== JSON.stringify(yamlValidation) || JSON.stringify(pkg.contributes.jsonValidation) !== JSON.stringify(jsonValidation)) {
  drift++;
  if (check) console.error("package.json yamlValidation/jsonValidation are out of date");
  else {
    pkg.contributes.yamlValidation = yamlValidation;
    pkg.contributes.jsonValidation = jsonValidation;
    fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + "\n");
  }
}
if (check && drift) {
  console.error("Run `npm run schemas`.");
  process.exit(1);
}
console.log(check ? "schemas are up to date" : `schemas written (${Object.keys(files).length} files, ${drift} changed)`);
