// Keyboard navigation between boxes: the arrow keys move the selection to the nearest box in that direction.
import type { Box } from "./layout";

export type Heading = "up" | "down" | "left" | "right";

/**
 * The box nearest to `from` whose centre lies in the given direction, preferring boxes straight ahead:
 * the sideways offset counts three times. Null when there is none.
 */
export function nearestInDirection(boxes: ReadonlyMap<string, Box>, from: string, heading: Heading): string | null {
  const a = boxes.get(from);
  if (!a) return null;
  const ax = a.x + a.width / 2;
  const ay = a.y + a.height / 2;
  let best: string | null = null;
  let bestScore = Infinity;
  for (const [id, b] of boxes) {
    if (id === from) continue;
    const dx = b.x + b.width / 2 - ax;
    const dy = b.y + b.height / 2 - ay;
    const ahead = heading === "up" ? -dy : heading === "down" ? dy : heading === "left" ? -dx : dx;
    const side = heading === "up" || heading === "down" ? Math.abs(dx) : Math.abs(dy);
    if (ahead <= 0.5) continue;
    const score = ahead + 3 * side;
    if (score < bestScore || (score === bestScore && best !== null && id < best)) {
      best = id;
      bestScore = score;
    }
  }
  return best;
}

/** The box to select first when nothing is: the top-left one. */
export function firstBox(boxes: ReadonlyMap<string, Box>): string | null {
  let best: string | null = null;
  let bestScore = Infinity;
  for (const [id, b] of boxes) {
    const score = b.y * 4 + b.x;
    if (score < bestScore) {
      best = id;
      bestScore = score;
    }
  }
  return best;
}
