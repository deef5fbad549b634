// Carries one viewport's change of the view to the others of a viewer, with the `synchronized` origin (so followers
// fire no `dicom-viewport-changed` and nothing echoes back): slice position by geometry, window/level, zoom and pan.
// Our own rather than Cornerstone's synchronizer factories: theirs set a follower's camera or VOI on the Cornerstone
// viewport behind the element's back, which the element would take for the reader's input (and report, and loop),
// and they live in Cornerstone's page-wide store keyed by id; this one goes through `setViewportState`.
import type { DicomJsonDataset } from '../dicomweb/dicom-json.js';
import { stringOf } from '../dicomweb/dicom-json.js';
import type { ViewportState } from '../events/viewport-changed.js';
import { imagePlaneOf, type ImagePlane } from './image-plane.js';
import { nearestSliceIndex } from './nearest-slice.js';
import type { SyncKind } from './sync-kinds.js';

/** What the synchronizer needs of a viewport (a `<dicom-viewport>` has it). */
export interface SyncedViewport {
  readonly imageDatasets: readonly DicomJsonDataset[];
  getViewportState(): ViewportState | undefined;
  setViewportState(state: Partial<ViewportState>, options: { origin: 'synchronized' }): void;
}

/** The planes of a stack's images, worked out once for each stack (a new series brings a new datasets array). */
export class ImagePlanes {
  private readonly planes = new WeakMap<readonly DicomJsonDataset[], (ImagePlane | undefined)[]>();

  of(viewport: SyncedViewport): (ImagePlane | undefined)[] {
    const datasets = viewport.imageDatasets;
    let planes = this.planes.get(datasets);
    if (!planes) {
      planes = datasets.map((dataset) => imagePlaneOf(dataset));
      this.planes.set(datasets, planes);
    }
    return planes;
  }

  /** The plane of the image a viewport shows. */
  shownBy(viewport: SyncedViewport): ImagePlane | undefined {
    const index = viewport.getViewportState()?.imageIndex;
    return index === undefined ? undefined : this.of(viewport)[index];
  }
}

function modalityOf(viewport: SyncedViewport): string | undefined {
  const dataset = viewport.imageDatasets[0];
  return dataset ? stringOf(dataset, 'Modality') : undefined;
}

export class ViewportSynchronizer {
  /** Each viewport's state as last seen (reported by it, or set on it here), to tell what a change changed. */
  private readonly seen = new WeakMap<SyncedViewport, ViewportState>();

  constructor(private readonly planes: ImagePlanes) {}

  /** Remembers a viewport's state as it is now (a series shown, a state restored), so its next change is told apart. */
  note(viewport: SyncedViewport): void {
    const state = viewport.getViewportState();
    if (state) this.seen.set(viewport, state);
  }

  /**
   * A viewport's view changed to `state` (the reader's change): carries the kinds asked for to the other viewports.
   * Returns the followers changed.
   */
  changed(leader: SyncedViewport, state: ViewportState, followers: readonly SyncedViewport[], kinds: ReadonlySet<SyncKind>): SyncedViewport[] {
    const before = this.seen.get(leader);
    this.seen.set(leader, state);
    const changed: SyncedViewport[] = [];
    const scrolled = !before || before.imageIndex !== state.imageIndex;
    const windowed = !before || before.windowCenter !== state.windowCenter || before.windowWidth !== state.windowWidth;
    const moved = !before || before.zoom !== state.zoom || before.pan[0] !== state.pan[0] || before.pan[1] !== state.pan[1];
    const leaderPlane = this.planes.of(leader)[state.imageIndex];
    const leaderModality = modalityOf(leader);
    for (const follower of followers) {
      if (follower === leader) continue;
      const current = follower.getViewportState();
      if (!current) continue;
      const update: Partial<ViewportState> = {};
      if (kinds.has('position') && scrolled) {
        const index = nearestSliceIndex(leaderPlane, this.planes.of(follower));
        if (index !== undefined && index !== current.imageIndex) update.imageIndex = index;
      }
      // A window carries over between images of one modality only: a CT window means nothing on an MR.
      if (kinds.has('voi') && windowed && leaderModality === modalityOf(follower)) {
        if (current.windowCenter !== state.windowCenter || current.windowWidth !== state.windowWidth) {
          update.windowCenter = state.windowCenter;
          update.windowWidth = state.windowWidth;
        }
      }
      if (kinds.has('camera') && moved) {
        update.zoom = state.zoom;
        update.pan = [...state.pan];
      }
      if (Object.keys(update).length === 0) continue;
      follower.setViewportState(update, { origin: 'synchronized' });
      this.seen.set(follower, { ...current, ...update });
      changed.push(follower);
    }
    return changed;
  }
}
