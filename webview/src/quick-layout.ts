// A quick layered layout for the first frame: longest-path layers, a few barycenter sweeps, boxes aligned with
// their neighbours, frames around expanded groups. It takes milliseconds where ELK takes seconds on large graphs
// (and the ELK worker needs half a second to start), so a new document is drawn at once and ELK's picture
// replaces it when ready. Pure, like layout.ts: no DOM, runs in node.
import type { Direction } from "../../common/protocol";
import { GROUP_HEADER, NODE_HEIGHT, nodeWidth, REVERSED_KINDS, type Box, type Point, type Positioned, type VisibleModel } from "./layout";

const LAYER_GAP = 48;
const NODE_GAP = 28;
const ROOT_PAD = 16;
const FRAME_PAD = 12;
const SWEEPS = 4;
/** The width-to-length ratio that rows of lone boxes aim at, as ELK's component packing does (`elk.aspectRatio`). */
const ASPECT = 1.6;

/** A box or a frame inside one container, in layout axes: `main` runs along the layers, `cross` across them. */
interface Item {
  id: string;
  frame: boolean;
  main: number;
  cross: number;
  /** Position inside the container's content, in layout axes. */
  at: number;
  off: number;
}

interface Container {
  items: Item[];
  /** Edges between items of this container, as item indexes, in layout direction (upstream first). */
  edges: Array<[number, number]>;
  /** The content's size in layout axes, once laid out. */
  main: number;
  cross: number;
}

const ROOT = "";

/** Lays out a visible model in a few milliseconds; the result has the same shape as ELK's, marked `quick`. */
export function quickLayout(key: string, model: VisibleModel, direction: Direction): Positioned {
  const down = direction === "DOWN";
  // Screen size → layout axes and back.
  const mainOf = (w: number, h: number) => (down ? h : w);
  const crossOf = (w: number, h: number) => (down ? w : h);

  // The container tree: the root and one per expanded group (a parent that is not drawn, or a cycle, means the root).
  const frameIds = new Set(model.groups.map((g) => g.id));
  const frameParent = new Map<string, string>();
  for (const g of model.groups) frameParent.set(g.id, g.parent !== undefined && frameIds.has(g.parent) ? g.parent : ROOT);
  for (const g of model.groups) {
    const seen = new Set<string>([g.id]);
    for (let p = frameParent.get(g.id)!; p !== ROOT; p = frameParent.get(p)!) {
      if (seen.has(p)) {
        frameParent.set(g.id, ROOT);
        break;
      }
      seen.add(p);
    }
  }
  const containers = new Map<string, Container>([[ROOT, { items: [], edges: [], main: 0, cross: 0 }]]);
  for (const g of model.groups) containers.set(g.id, { items: [], edges: [], main: 0, cross: 0 });
  // Where each box and frame sits: its container and its index there.
  const placeNode = new Map<string, { c: string; i: number }>();
  const placeFrame = new Map<string, { c: string; i: number }>();
  const addItem = (c: string, item: Item) => {
    const items = containers.get(c)!.items;
    (item.frame ? placeFrame : placeNode).set(item.id, { c, i: items.length });
    items.push(item);
  };
  for (const g of model.groups) addItem(frameParent.get(g.id)!, { id: g.id, frame: true, main: 0, cross: 0, at: 0, off: 0 });
  for (const n of model.nodes) {
    const w = n.type === "group" ? nodeWidth(`▸ ${n.label}`, n.detail) : nodeWidth(n.label, n.detail);
    const c = n.parent !== undefined && frameIds.has(n.parent) ? n.parent : ROOT;
    addItem(c, { id: n.id, frame: false, main: mainOf(w, NODE_HEIGHT), cross: crossOf(w, NODE_HEIGHT), at: 0, off: 0 });
  }

  // Each edge joins the two items that hold its ends in their nearest common container.
  const upChain = (id: string): Array<{ c: string; i: number }> => {
    const out: Array<{ c: string; i: number }> = [];
    for (let p = placeNode.get(id); p; p = p.c === ROOT ? undefined : placeFrame.get(p.c)) out.push(p);
    return out;
  };
  const ends = (e: VisibleModel["edges"][number]) => (REVERSED_KINDS.has(e.kind) ? [e.to, e.from] : [e.from, e.to]);
  for (const e of model.edges) {
    const [s, t] = ends(e);
    const ps = placeNode.get(s!);
    const pt = placeNode.get(t!);
    if (s === t || !ps || !pt) continue;
    if (ps.c === pt.c) {
      // Most edges: both ends in one container.
      containers.get(ps.c)!.edges.push([ps.i, pt.i]);
      continue;
    }
    const fromS = new Map(upChain(s!).map((p) => [p.c, p.i]));
    for (const p of upChain(t!)) {
      const i = fromS.get(p.c);
      if (i === undefined) continue;
      if (i !== p.i) containers.get(p.c)!.edges.push([i, p.i]);
      break;
    }
  }

  // Inner containers first: a frame's size is its content's.
  const depth = (c: string) => {
    let d = 0;
    for (let p = c; p !== ROOT; p = frameParent.get(p)!) d++;
    return d;
  };
  const order = [...containers.keys()].sort((a, b) => depth(b) - depth(a));
  const labels = new Map(model.groups.map((g) => [g.id, g.label]));
  for (const id of order) {
    const c = containers.get(id)!;
    for (const it of c.items) {
      if (!it.frame) continue;
      const inner = containers.get(it.id)!;
      const [cw, ch] = down ? [inner.cross, inner.main] : [inner.main, inner.cross];
      const w = Math.max(nodeWidth(`▾ ${labels.get(it.id) ?? ""}`), cw + 2 * FRAME_PAD);
      const h = Math.max(GROUP_HEADER + 2 * FRAME_PAD, ch + GROUP_HEADER + 2 * FRAME_PAD);
      it.main = mainOf(w, h);
      it.cross = crossOf(w, h);
    }
    layoutContainer(c);
  }

  // Absolute screen positions, from the root down.
  const nodes = new Map<string, Box>();
  const groups = new Map<string, Box>();
  const screen = (it: Item, ox: number, oy: number): Box => {
    const [w, h] = down ? [it.cross, it.main] : [it.main, it.cross];
    const [x, y] = down ? [it.off, it.at] : [it.at, it.off];
    return { x: ox + x, y: oy + y, width: w, height: h };
  };
  const walk = (id: string, ox: number, oy: number) => {
    for (const it of containers.get(id)!.items) {
      const b = screen(it, ox, oy);
      if (!it.frame) {
        nodes.set(it.id, b);
        continue;
      }
      groups.set(it.id, b);
      // The inner layout is centred in the frame, which may be wider than its content (a long group label).
      const inner = containers.get(it.id)!;
      const cw = down ? inner.cross : inner.main;
      walk(it.id, b.x + Math.max(FRAME_PAD, (b.width - cw) / 2), b.y + GROUP_HEADER + FRAME_PAD);
    }
  };
  walk(ROOT, ROOT_PAD, ROOT_PAD);

  const edges = new Map<string, Point[]>();
  for (const e of model.edges) {
    const [s, t] = ends(e);
    const a = nodes.get(s!);
    const b = nodes.get(t!);
    if (a && b && s !== t) edges.set(e.id, route(a, b, down));
  }
  const root = containers.get(ROOT)!;
  const [rw, rh] = down ? [root.cross, root.main] : [root.main, root.cross];
  return { key, nodes, groups, edges, width: rw + 2 * ROOT_PAD, height: rh + 2 * ROOT_PAD, quick: true };
}

/** Layers, order and coordinates of one container's items (sizes known); sets its content size. */
function layoutContainer(c: Container): void {
  const n = c.items.length;
  if (n === 0) return;
  const out: number[][] = Array.from({ length: n }, () => []);
  const inn: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of c.edges) {
    out[a]!.push(b);
    inn[b]!.push(a);
  }
  // Break cycles: a depth-first search in model order keeps every edge except those closing a cycle.
  const state = new Uint8Array(n); // 0 new, 1 on the stack, 2 done.
  const topo: number[] = [];
  const dagOut: number[][] = Array.from({ length: n }, () => []);
  for (let r = 0; r < n; r++) {
    if (state[r]) continue;
    const stack: Array<[number, number]> = [[r, 0]];
    state[r] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [v, k] = top;
      if (k < out[v]!.length) {
        top[1]++;
        const w = out[v]![k]!;
        if (state[w] === 0) {
          dagOut[v]!.push(w);
          state[w] = 1;
          stack.push([w, 0]);
        } else if (state[w] === 2) dagOut[v]!.push(w);
      } else {
        state[v] = 2;
        topo.push(v);
        stack.pop();
      }
    }
  }
  topo.reverse();
  // Longest-path layers from the sources; then sources move down next to their nearest successor.
  const layer = new Int32Array(n);
  for (const v of topo) for (const w of dagOut[v]!) if (layer[w]! < layer[v]! + 1) layer[w] = layer[v]! + 1;
  const hasIn = new Uint8Array(n);
  for (let v = 0; v < n; v++) for (const w of dagOut[v]!) hasIn[w] = 1;
  for (let v = 0; v < n; v++) {
    if (hasIn[v] || dagOut[v]!.length === 0) continue;
    let min = Infinity;
    for (const w of dagOut[v]!) min = Math.min(min, layer[w]!);
    layer[v] = min - 1;
  }
  // Boxes and frames that no edge touches are packed in rows after the layers (see below), as ELK packs them.
  const lone: number[] = [];
  for (let v = 0; v < n; v++) if (out[v]!.length === 0 && inn[v]!.length === 0) lone.push(v);
  const isLone = new Uint8Array(n);
  for (const v of lone) isLone[v] = 1;
  let depth = 0;
  for (let v = 0; v < n; v++) if (!isLone[v]) depth = Math.max(depth, layer[v]! + 1);
  const layers: number[][] = Array.from({ length: depth }, () => []);
  for (let v = 0; v < n; v++) if (!isLone[v]) layers[layer[v]!]!.push(v); // Model order first.

  // Crossing reduction: barycenters of the neighbours in the layers before (down) or after (up), by relative rank.
  const rel = new Float64Array(n);
  const rank = () => {
    for (const l of layers) l.forEach((v, i) => (rel[v] = (i + 0.5) / l.length));
  };
  rank();
  const bary = new Float64Array(n);
  for (let s = 0; s < SWEEPS; s++) {
    const downward = s % 2 === 0;
    for (let li = downward ? 1 : depth - 2; downward ? li < depth : li >= 0; li += downward ? 1 : -1) {
      const l = layers[li]!;
      for (const v of l) {
        let sum = 0;
        let cnt = 0;
        for (const w of [...out[v]!, ...inn[v]!]) {
          if (downward ? layer[w]! >= li : layer[w]! <= li) continue;
          sum += rel[w]!;
          cnt++;
        }
        bary[v] = cnt ? sum / cnt : rel[v]!;
      }
      l.sort((a, b) => bary[a]! - bary[b]! || rel[a]! - rel[b]!);
      l.forEach((v, i) => (rel[v] = (i + 0.5) / l.length));
    }
  }

  // Coordinates: layers one after another along the main axis; across, each box as near the centre of its
  // upstream neighbours as the boxes before it allow, so chains run straight.
  const items = c.items;
  const centre = new Float64Array(n);
  let at = 0;
  let minOff = Infinity;
  let maxOff = -Infinity;
  for (let li = 0; li < depth; li++) {
    const l = layers[li]!;
    let thick = 0;
    for (const v of l) thick = Math.max(thick, items[v]!.main);
    let right = -Infinity;
    for (const v of l) {
      const it = items[v]!;
      let sum = 0;
      let cnt = 0;
      for (const w of [...inn[v]!, ...out[v]!]) {
        if (layer[w]! >= li) continue;
        sum += centre[w]!;
        cnt++;
      }
      const want = cnt ? sum / cnt - it.cross / 2 : right === -Infinity ? 0 : right;
      it.off = right === -Infinity ? want : Math.max(want, right);
      right = it.off + it.cross + NODE_GAP;
      centre[v] = it.off + it.cross / 2;
      // Boxes of a layer share its centre line: a frame or a taller box does not push the others off it.
      it.at = at + (thick - it.main) / 2;
      minOff = Math.min(minOff, it.off);
      maxOff = Math.max(maxOff, it.off + it.cross);
    }
    at += thick + LAYER_GAP;
  }
  if (minOff === Infinity) minOff = maxOff = 0;
  // Lone items: rows as wide as the layers, or wider when there are many, so that hundreds of unconnected blocks
  // do not make one row hundreds of boxes long.
  if (lone.length) {
    let area = 0;
    for (const v of lone) area += (items[v]!.cross + NODE_GAP) * (items[v]!.main + NODE_GAP);
    const width = Math.max(maxOff - minOff, Math.sqrt(area * ASPECT));
    let x = 0;
    let rowAt = at;
    let rowThick = 0;
    for (const v of lone) {
      const it = items[v]!;
      if (x > 0 && x + it.cross > width) {
        rowAt += rowThick + NODE_GAP;
        x = 0;
        rowThick = 0;
      }
      it.off = minOff + x;
      it.at = rowAt;
      x += it.cross + NODE_GAP;
      rowThick = Math.max(rowThick, it.main);
      maxOff = Math.max(maxOff, it.off + it.cross);
    }
    at = rowAt + rowThick + LAYER_GAP;
  }
  for (const it of items) it.off -= minOff;
  c.main = at - LAYER_GAP;
  c.cross = maxOff - minOff;
}

/** An edge's path from its upstream box to its downstream box: orthogonal across one gap, straight otherwise. */
function route(a: Box, b: Box, down: boolean): Point[] {
  if (down) {
    const ax = a.x + a.width / 2;
    const bx = b.x + b.width / 2;
    if (b.y >= a.y + a.height) {
      const y0 = a.y + a.height;
      const y1 = b.y;
      if (y1 - y0 > 2 * LAYER_GAP || Math.abs(ax - bx) < 1) return [{ x: ax, y: y0 }, { x: bx, y: y1 }];
      const mid = (y0 + y1) / 2;
      return [{ x: ax, y: y0 }, { x: ax, y: mid }, { x: bx, y: mid }, { x: bx, y: y1 }];
    }
    return [{ x: ax, y: a.y }, { x: bx, y: b.y + b.height }];
  }
  const ay = a.y + a.height / 2;
  const by = b.y + b.height / 2;
  if (b.x >= a.x + a.width) {
    const x0 = a.x + a.width;
    const x1 = b.x;
    if (x1 - x0 > 2 * LAYER_GAP || Math.abs(ay - by) < 1) return [{ x: x0, y: ay }, { x: x1, y: by }];
    const mid = (x0 + x1) / 2;
    return [{ x: x0, y: ay }, { x: mid, y: ay }, { x: mid, y: by }, { x: x1, y: by }];
  }
  return [{ x: a.x, y: ay }, { x: b.x + b.width, y: by }];
}
