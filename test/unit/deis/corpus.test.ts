// The real Deis files of ../shared/corpus/deis placed where Deis reads them (SOURCES.md): each Procfile as
// `<case>/Procfile`, and the docs' `.env` beside the docs' Procfile. None is marked NEGATIVE there, so none may
// have an error. The API Config JSON is a controller response, not a file in an app, and is not served.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { validate } from "../../../server/src/features/validate";
import { repoRoot, ws } from "../fabrikate/support";

const CORPUS = path.resolve(repoRoot, "../shared/corpus/deis");
const present = fs.existsSync(CORPUS);
const NOT_SERVED = new Set(["SOURCES.md", "controller-api-v2.3.config-response.json"]);

function place(f: string): string {
  if (f.endsWith(".Procfile")) return `/ws/${f.replace(/\.Procfile$/, "")}/Procfile`;
  // The docs' .env goes with the docs' multi-type Procfile.
  if (f.endsWith(".env")) return "/ws/docs-managing-app-processes.multi/.env";
  throw new Error(`no place for ${f}`);
}

describe("deis corpus", { skip: present ? false : "../shared/corpus/deis is absent" }, () => {
  it("detects every file, with errors exactly in the negative ones", () => {
    const names = fs.readdirSync(CORPUS).filter((f) => !NOT_SERVED.has(f));
    const sources = fs.readFileSync(path.join(CORPUS, "SOURCES.md"), "utf8");
    const neg = new Set(sources.split("\n").filter((l) => /NEGATIVE/i.test(l)).map((l) => /\|\s*([^|\s]+)\s*\|/.exec(l)?.[1] ?? ""));
    const index = ws(Object.fromEntries(names.map((f) => [place(f), fs.readFileSync(path.join(CORPUS, f), "utf8")])));
    assert.equal(names.length, 7);
    for (const f of names) {
      const p = place(f);
      assert.deepEqual(index.detected(p), { format: "deis", kind: f.endsWith(".env") ? "env" : "procfile" }, f);
      const errors = validate(index, p).filter((d) => d.severity === 1);
      if (neg.has(f)) assert.ok(errors.length > 0, `${f} is negative but has no error`);
      else assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], f);
      assert.ok(index.file(p)!.facts.defs.length > 0, `${f} has symbols`);
    }
    const hyphenated = index.file("/ws/issue-deis-3165.hyphenated/Procfile")!.facts.defs.map((d) => d.name);
    assert.deepEqual(hyphenated, ["item-1-watcher", "worker", "web"]);
  });
});
