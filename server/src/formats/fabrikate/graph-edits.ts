// Fabrikate graph edits: subcomponents added to or removed from a component's `subcomponents` list. Fabrikate
// has no ordering between components, so there are no dependencies to add.
import * as path from "node:path";
import type { TextChange } from "../../core/problem";
import { isMap, isSeq, type Node, type YAMLMap, type YAMLSeq } from "../../core/yaml";
import { fileModel, walk, type ComponentFileModel, type ComponentModel } from "./model";
import { componentFileOf } from "./detect";
import { change, pairOf, removeCascading } from "../edit-support";
import type { EditContext, FormatEdits } from "../types";
import { appendPair, appendToList, EditRefused, orderLike, quoteFor, scalar, type Out } from "../yaml-text";

const SUBS: ReadonlySet<string> = new Set(["subcomponents"]);
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The component file of the graph's document (itself, or the component file of a config's folder). */
function treeFile(ctx: EditContext): ComponentFileModel {
  const fm = fileModel(ctx.ws.file(ctx.path));
  if (!fm) throw new EditRefused("This is not a Fabrikate file.");
  if (fm.kind === "component") return fm;
  const file = componentFileOf(fm.dir, ctx.ws);
  const tree = file ? fileModel(ctx.ws.file(file)) : undefined;
  if (tree?.kind !== "component") throw new EditRefused(`There is no component file in ${path.basename(fm.dir)}.`);
  return tree;
}

/** `component:<file>#<a/b/c>` → the component, in that file. */
function componentOf(ctx: EditContext, id: string | undefined): { tree: ComponentFileModel; c: ComponentModel } {
  if (!id) {
    const tree = treeFile(ctx);
    if (!tree.root) throw new EditRefused("The component file is empty.");
    return { tree, c: tree.root };
  }
  const m = /^component:(.*)#([^#]*)$/.exec(id);
  if (!m) throw new EditRefused("That node is not a component.");
  const tree = fileModel(ctx.ws.file(m[1]!));
  if (tree?.kind !== "component") throw new EditRefused("That component's file is not indexed.");
  const chain = m[2]!.split("/");
  let found: ComponentModel | undefined;
  walk(tree.root, (c) => {
    if (!found && [...c.parents, c.name?.value ?? "?"].join("/") === chain.join("/")) found = c;
  });
  if (!found) throw new EditRefused(`There is no component '${chain.join("/")}' in ${path.basename(tree.path)}.`);
  return { tree, c: found };
}

function mapAt(root: Node | null, start: number): YAMLMap | undefined {
  let hit: YAMLMap | undefined;
  const visit = (n: Node | null | undefined, depth: number): void => {
    if (!n || hit || depth > 80) return;
    if (isMap(n) && n.range?.[0] === start) hit = n as YAMLMap;
    else if (isMap(n)) for (const p of (n as YAMLMap).items) visit(p.value as Node, depth + 1);
    else if (isSeq(n)) for (const it of (n as YAMLSeq).items) visit(it as Node, depth + 1);
  };
  visit(root, 0);
  return hit;
}

function addSubcomponent(ctx: EditContext, name: string, parent: string | undefined, extra: Record<string, string> | undefined): TextChange[] {
  if (!NAME.test(name)) throw new EditRefused(`'${name}' is not a valid component name: use letters, digits, '.', '-' and '_'.`);
  const { tree, c } = componentOf(ctx, parent);
  if (c.subcomponents.some((s) => s.name?.value === name)) throw new EditRefused(`'${c.name?.value ?? "The component"}' already has a subcomponent named '${name}'.`);
  const f = ctx.file(tree.path);
  const node = mapAt(f.parsed.root, c.span.start);
  if (!node) throw new EditRefused("Could not find that component in the text.");
  const subs = pairOf(node, "subcomponents");
  const siblings = isSeq(subs?.value) ? ((subs!.value as YAMLSeq).items as Node[]) : [];
  const fields: Array<[string, Out]> = [["name", { s: scalar(name, quoteFor(siblings, "name")) }]];
  for (const k of ["type", "source", "method", "path", "version"]) if (extra?.[k]) fields.push([k, { s: scalar(extra[k]!, quoteFor(siblings, k)) }]);
  const st = ctx.style(f);
  const item: Out = { map: orderLike(fields, siblings) };
  if (subs) return [change(f.path, appendToList(f.text, subs, item, st))];
  return [change(f.path, appendPair(f.text, node, "subcomponents", { list: [item] }, st))];
}

function removeSubcomponent(ctx: EditContext, id: string): TextChange[] {
  const { tree, c } = componentOf(ctx, id);
  if (c === tree.root) throw new EditRefused("The root component is the file itself; delete the file to remove it.");
  const f = ctx.file(tree.path);
  const node = mapAt(f.parsed.root, c.span.start);
  if (!node) throw new EditRefused("Could not find that component in the text.");
  return [change(f.path, removeCascading(f.text, f.parsed.root, node, SUBS))];
}

export const fabrikateEdits: FormatEdits = {
  apply(ctx, edit) {
    switch (edit.type) {
      case "addNode":
        if (edit.kind !== "subcomponent") throw new EditRefused(`Fabrikate components have subcomponents, not ${edit.kind}s.`);
        return addSubcomponent(ctx, edit.name, edit.parent, edit.extra);
      case "removeNode":
        return removeSubcomponent(ctx, edit.nodeId);
      case "addDependency":
      case "removeDependency":
        throw new EditRefused("Fabrikate has no dependencies between components: subcomponents are installed together.");
      case "addStep":
      case "moveStep":
      case "removeStep":
        throw new EditRefused("Fabrikate components have no steps.");
    }
  },
  nameAt(ctx, id) {
    const { tree, c } = componentOf(ctx, id);
    return c.name ? { path: tree.path, offset: c.name.span.start } : undefined;
  },
};
