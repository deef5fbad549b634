// Slice-position synchronization's rule: the follower shows its slice geometrically nearest the leader's, measured
// along the follower's normal (not the same index), for series in one Frame of Reference with parallel planes.
import { dot, parallel, subtract, type ImagePlane } from './image-plane.js';

/**
 * The index of the plane among `planes` nearest to `leader` along their normal; undefined when none can follow it
 * (another Frame of Reference, planes not parallel to it, or no geometry). Ties go to the lower index.
 */
export function nearestSliceIndex(leader: ImagePlane | undefined, planes: readonly (ImagePlane | undefined)[]): number | undefined {
  if (!leader) return undefined;
  let best: number | undefined;
  let bestDistance = Infinity;
  for (const [index, plane] of planes.entries()) {
    if (!plane || plane.frameOfReferenceUid !== leader.frameOfReferenceUid || !parallel(plane, leader)) continue;
    const distance = Math.abs(dot(subtract(plane.position, leader.position), plane.normal));
    if (distance < bestDistance - 1e-6) {
      best = index;
      bestDistance = distance;
    }
  }
  return best;
}
