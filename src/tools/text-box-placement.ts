// Where a measurement's text box goes so that it covers no other text box: the place nearest to where Cornerstone
// drew it that is clear of every other box (by a gap) and inside the viewport, tried beside each other box. Pure:
// boxes in canvas pixels, top-left corner and size.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Whether two boxes overlap, or come closer than `gap`. */
export function boxesOverlap(a: Box, b: Box, gap = 0): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

function inside(box: Box, bounds: Box): boolean {
  return box.x >= bounds.x && box.y >= bounds.y && box.x + box.width <= bounds.x + bounds.width && box.y + box.height <= bounds.y + bounds.height;
}

/**
 * The top-left corner `box` moves to so that it overlaps none of `others` (keeping `gap` between them) and lies
 * inside `bounds`: the candidate nearest its place now, among its own place and the places beside, above and below
 * each other box (the x of one, the y of another). Its own place when it is clear already; undefined when no
 * candidate is clear (it then stays where it is).
 */
export function clearPlaceFor(box: Box, others: readonly Box[], bounds: Box, gap = 4): { x: number; y: number } | undefined {
  const clear = (candidate: Box) => others.every((other) => !boxesOverlap(candidate, other, gap));
  if (clear(box)) return { x: box.x, y: box.y };
  const xs = [box.x, ...others.flatMap((other) => [other.x, other.x + other.width + gap, other.x - box.width - gap])];
  const ys = [box.y, ...others.flatMap((other) => [other.y, other.y + other.height + gap, other.y - box.height - gap])];
  let best: { x: number; y: number; distance: number } | undefined;
  for (const y of ys) {
    for (const x of xs) {
      const distance = (x - box.x) ** 2 + (y - box.y) ** 2;
      // Nearest first; among equals the higher, then the further left, so the result never depends on the order of `others`.
      if (best && (distance > best.distance || (distance === best.distance && (y > best.y || (y === best.y && x >= best.x))))) continue;
      const candidate = { x, y, width: box.width, height: box.height };
      if (inside(candidate, bounds) && clear(candidate)) best = { x, y, distance };
    }
  }
  return best && { x: best.x, y: best.y };
}

/**
 * Places boxes one after another (`moving`, in order) clear of the fixed boxes and of those placed before them: the
 * place of each moving box (its own when it was clear), or undefined where none was found.
 */
export function placeBoxes(moving: readonly Box[], fixed: readonly Box[], bounds: Box, gap = 4): Array<{ x: number; y: number } | undefined> {
  const placed: Box[] = [...fixed];
  const laterOnes = (index: number) => moving.slice(index + 1);
  return moving.map((box, index) => {
    // Boxes still to be placed are obstacles too (where they are now): a box placed first does not land on one that
    // stays, and the later box moves around the earlier one's new place.
    const place = clearPlaceFor(box, [...placed, ...laterOnes(index)], bounds, gap);
    placed.push(place ? { ...box, ...place } : box);
    return place;
  });
}
