// The JSON Schemas we publish, computed from the formats' shapes (shared by the generator and its test).
import { toJsonSchema } from "../server/src/core/shape";
import { FORMATS } from "../server/src/formats/registry";

export function expectedSchemas(): {
  files: Record<string, string>;
  yamlValidation: Array<{ fileMatch: string[]; url: string }>;
  jsonValidation: Array<{ fileMatch: string[]; url: string }>;
} {
  const files: Record<string, string> = {};
  const yamlValidation: Array<{ fileMatch: string[]; url: string }> = [];
  const jsonValidation: Array<{ fileMatch: string[]; url: string }> = [];
  for (const fmt of FORMATS) {
    for (const sc of fmt.schemas ?? []) {
      const shape = fmt.shape(sc.kind);
      if (!shape) throw new Error(`${fmt.id} declares a schema for kind '${sc.kind}' but has no shape for it`);
      const json = toJsonSchema(shape, { id: `https://infraflow.dev/schemas/${sc.fileName}`, title: sc.title, description: sc.description });
      files[sc.fileName] = JSON.stringify(json, null, 2) + "\n";
      const url = `./schemas/${sc.fileName}`;
      const yaml = sc.fileMatch.filter((m) => !m.endsWith(".json"));
      const jsonMatch = sc.fileMatch.filter((m) => m.endsWith(".json"));
      if (yaml.length) yamlValidation.push({ fileMatch: yaml, url });
      if (jsonMatch.length) jsonValidation.push({ fileMatch: jsonMatch, url });
    }
  }
  return { files, yamlValidation, jsonValidation };
}
