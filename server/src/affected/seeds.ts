// The nodes a set of changed files touches directly, with every reason and file, in the order they were found.
export class Seeds {
  readonly byNode = new Map<string, { reasons: string[]; files: string[] }>();

  add(node: string, reason: string, file: string): void {
    let s = this.byNode.get(node);
    if (!s) this.byNode.set(node, (s = { reasons: [], files: [] }));
    if (!s.reasons.includes(reason)) s.reasons.push(reason);
    if (!s.files.includes(file)) s.files.push(file);
  }
}
