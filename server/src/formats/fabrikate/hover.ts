// Hover in config files: which environments set the key under the cursor and which one wins (FORMATS.md,
// section 4: environments named earlier on `fab generate` win, `common` is applied last, and config higher in
// the component tree wins over the subcomponent's own config). On a component name: the environments that
// configure it.
import type { Node } from "../../core/yaml";
import { entries, isMap, spanOf } from "../yaml-read";
import type { CursorRequest, WorkspaceView } from "../types";
import { componentAt, componentTree, configFiles, environments, fileModel, localSourceDir, walk, type ComponentModel, type ConfigNode } from "./model";

export const PRECEDENCE =
  "Precedence: with `fab generate A B`, values from `A` win over `B`, and `common` is applied last. " +
  "A value set here for a subcomponent wins over that subcomponent's own `config/` files (higher in the tree wins).";

/** The keys from the root down to the key under the cursor, when the cursor is on a key. */
export function keyPathAt(root: Node | null, offset: number, depth = 0): string[] | undefined {
  if (!isMap(root) || depth > 64) return undefined;
  for (const e of entries(root)) {
    const k = spanOf(e.keyNode);
    if (k && offset >= k.start && offset <= k.end) return [e.key];
    const v = spanOf(e.value);
    if (v && offset >= v.start && offset <= v.end) {
      const rest = keyPathAt(e.value, offset, depth + 1);
      return rest ? [e.key, ...rest] : undefined;
    }
  }
  return undefined;
}

function nodeAt(root: ConfigNode, chain: readonly string[]): ConfigNode | undefined {
  let cur: ConfigNode | undefined = root;
  for (const name of chain) cur = cur?.subcomponents.find((s) => s.nameKey?.value === name);
  return cur;
}

type Pick = (n: ConfigNode) => { value?: string } | undefined;

interface Setter {
  environment: string;
  file: string;
  value?: string;
  /** 0 for the config files of the folder hovered, 1 for the subcomponent's own folder, and so on. */
  level: number;
}

/** Every environment that sets something for the component at `chain`, in this folder and lower in the tree. */
function setters(dir: string, chain: readonly string[], pick: Pick, ws: WorkspaceView, level = 0): Setter[] {
  const out: Setter[] = [];
  for (const cfg of configFiles(dir, ws)) {
    const node = nodeAt(cfg.root, chain);
    const got = node && pick(node);
    if (got) out.push({ environment: cfg.environment, file: cfg.path, value: got.value, level });
  }
  const tree = componentTree(dir, ws);
  if (!tree || level > 8) return out;
  for (let j = 1; j <= chain.length; j++) {
    const at = componentAt(tree, chain.slice(0, j), ws);
    if (!at || at === "open") break;
    const local = localSourceDir(at.component, dir);
    if (local && local !== dir) out.push(...setters(local, chain.slice(j), pick, ws, level + 1));
  }
  return out;
}

function table(list: Setter[], showValue: boolean): string {
  const rows = list.map((s) => `| \`${s.environment}\` | ${showValue ? (s.value !== undefined ? `\`${s.value.replace(/\|/g, "\\|").replace(/\n/g, " ").slice(0, 60)}\`` : "_(mapping)_") + " | " : ""}${s.level === 0 ? "this folder" : `own config (level ${s.level}, lower precedence)`} |`);
  return [`| environment |${showValue ? " value |" : ""} where |`, `|---|${showValue ? "---|" : ""}---|`, ...rows].join("\n");
}

function envList(names: string[]): string {
  return names.map((n) => `\`${n}\``).join(", ");
}

function configHover(req: CursorRequest): string | undefined {
  const m = fileModel(req.file);
  if (m?.kind !== "config") return undefined;
  const keys = keyPathAt(req.file.parsed.root, req.offset);
  if (!keys) return undefined;
  const chain: string[] = [];
  let i = 0;
  while (keys[i] === "subcomponents" && i + 1 < keys.length) {
    chain.push(keys[i + 1]!);
    i += 2;
  }
  const all = environments(m.dir, req.ws).map((e) => e.name);
  const owner = chain.length ? `\`${chain.join(".")}\`` : "the component";
  const describe = (title: string, found: Setter[], showValue: boolean): string => {
    const here = new Set(found.filter((s) => s.level === 0).map((s) => s.environment));
    const missing = all.filter((n) => !here.has(n));
    const parts = [title];
    parts.push(found.length ? table(found, showValue) : "Not set in any environment.");
    if (found.length && missing.length) parts.push(`Not set in: ${envList(missing)}.`);
    parts.push(PRECEDENCE);
    return parts.join("\n\n");
  };
  if (i === keys.length && chain.length) {
    const found = setters(m.dir, chain, () => ({}), req.ws);
    const disabled = setters(m.dir, chain, (n) => (n.disabled ? {} : undefined), req.ws).map((s) => s.environment);
    const text = describe(`**subcomponent** ${owner}: configured in these environments`, found, false);
    return disabled.length ? `${text}\n\nDisabled in: ${envList(disabled)}.` : text;
  }
  const head = keys[i];
  if (head === "config" && i + 1 < keys.length) {
    const path = keys.slice(i + 1);
    const pick: Pick = (n) => {
      const v = n.config.find((c) => c.keys.length === path.length && c.keys.every((k, j) => k === path[j]));
      return v ? { value: v.value } : undefined;
    };
    return describe(`**\`config.${path.join(".")}\`** of ${owner}`, setters(m.dir, chain, pick, req.ws), true);
  }
  if ((head === "namespace" || head === "disabled" || head === "injectNamespace") && i === keys.length - 1) {
    const pick: Pick = (n) => {
      if (head === "namespace") return n.namespace ? { value: n.namespace.value } : undefined;
      const v = head === "disabled" ? n.disabled : n.injectNamespace;
      return v === undefined ? undefined : { value: String(v) };
    };
    return describe(`**\`${head}\`** of ${owner}`, setters(m.dir, chain, pick, req.ws), true);
  }
  return undefined;
}

function componentHover(req: CursorRequest): string | undefined {
  const m = fileModel(req.file);
  if (m?.kind !== "component") return undefined;
  let hit: ComponentModel | undefined;
  walk(m.root, (c) => {
    if (c.name && req.offset >= c.name.span.start && req.offset <= c.name.span.end) hit = c;
  });
  if (!hit) return undefined;
  const chain = hit.parents.length ? [...hit.parents.slice(1), hit.name!.value] : [];
  const envs = environments(m.dir, req.ws).map((e) => e.name);
  if (!chain.length) {
    if (!envs.length) return "No environments yet: add `config/<env>.yaml` beside this file.";
    return `Environments: ${envList(envs)}. Generate one with \`fab generate ${envs.find((e) => e !== "common") ?? envs[0]}\` (\`common\` is applied last).`;
  }
  const found = setters(m.dir, chain, () => ({}), req.ws).filter((s) => s.level === 0).map((s) => s.environment);
  const disabled = setters(m.dir, chain, (n) => (n.disabled ? {} : undefined), req.ws).filter((s) => s.level === 0).map((s) => s.environment);
  const parts = [found.length ? `Configured in: ${envList(found)}.` : "Not configured in any environment."];
  if (disabled.length) parts.push(`Disabled in: ${envList(disabled)}.`);
  return parts.join(" ");
}

export function hover(req: CursorRequest): string | undefined {
  return req.file.kind === "config" ? configHover(req) : componentHover(req);
}
