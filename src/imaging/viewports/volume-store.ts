// The volumes of an imaging context: one Cornerstone streaming volume a series (and source, as the image ids name
// it), made when the first viewport asks for it and freed when the last one lets go, however many viewports show
// it. Its slices stream in nearest the focus first, from the frames the stack retrieval fetches.
import { cache, decimatedVolumeLoader, volumeLoader, type Types } from '@cornerstonejs/core';
import type { ImagingContext, SharedVolumeEntry } from '../imaging-context.js';
import { decimatedImageIdOf } from '../volume-decimation.js';
import { connectDecimatedImages, removeDecimatedImages } from './volume-decimated-images.js';

/** Every `inPlane`-th pixel and every `slices`-th slice (volume-decimation.ts); none by default. */
export interface VolumeDecimation {
  inPlane: number;
  slices: number;
}

/** The volume loader scheme of decimated volumes (Cornerstone's decimated loader, registered on first use). */
const decimatedVolumeScheme = 'dicomLightboxDecimatedVolume';

/** What a viewport holds of a shared volume. */
export interface VolumeHold {
  readonly volumeId: string;
  readonly volume: Types.IImageVolume;
  /** Settles when every slice loaded or failed: how many loaded, of how many. */
  readonly loaded: Promise<{ loaded: number; total: number }>;
  /** Lets go: the last viewport to let go frees the volume (its slices' images are the stacks' to release). */
  release(): void;
}

interface VolumeEntry extends SharedVolumeEntry {
  readonly ready: Promise<Types.IImageVolume>;
  loaded?: Promise<{ loaded: number; total: number }>;
}

/** The streaming volume's loading, as Cornerstone 5.14 has it (IStreamingImageVolume types `load` without its callback). */
interface StreamingVolume {
  load(done: () => void): void;
  cancelLoading?(): void;
  framesLoaded: number;
  getImageLoadRequests(priority: number): Array<{ imageIdIndex: number } | undefined>;
}

/** Image ids of a stack, in order, name one series of one source: the key of its volume. */
function keyOf(imageIds: readonly string[]): string {
  return `${imageIds.length}|${imageIds[0]}|${imageIds[imageIds.length - 1]}`;
}

/**
 * Makes the volume ask for its slices nearest `focus` (a stack index) first. Cornerstone's loadImages queues the
 * requests in reverse, first in first out, so they are handed over farthest first.
 */
function loadNearestFirst(volume: StreamingVolume, focus: number): void {
  const requests = volume.getImageLoadRequests.bind(volume);
  volume.getImageLoadRequests = (priority) =>
    requests(priority).sort((a, b) => Math.abs((b?.imageIdIndex ?? 0) - focus) - Math.abs((a?.imageIdIndex ?? 0) - focus));
}

/**
 * The context's volume of a stack (image ids of the context, in stack order), made and loading on first use. `focus`
 * is the stack index whose slice is wanted first (the first user's).
 */
export async function acquireVolume(context: ImagingContext, imageIds: readonly string[], focus: number, decimation?: VolumeDecimation): Promise<VolumeHold> {
  const decimated = decimation !== undefined && (decimation.inPlane > 1 || decimation.slices > 1);
  const key = decimated ? `${keyOf(imageIds)}|decimated ${decimation.inPlane} ${decimation.slices}` : keyOf(imageIds);
  let entry = context.volumes.get(key) as VolumeEntry | undefined;
  if (!entry) {
    context.volumeCount += 1;
    const name = `dicom-lightbox-${context.id}-volume-${context.volumeCount}`;
    let volumeId = `cornerstoneStreamingImageVolume:${name}`;
    let ready: Promise<Types.IImageVolume>;
    if (decimated) {
      if (!volumeLoader.getVolumeLoaderSchemes().includes(decimatedVolumeScheme)) volumeLoader.registerVolumeLoader(decimatedVolumeScheme, decimatedVolumeLoader as never);
      connectDecimatedImages(context);
      volumeId = `${decimatedVolumeScheme}:${name}`;
      const options = { imageIds: imageIds.map(decimatedImageIdOf), ijkDecimation: [decimation.inPlane, decimation.inPlane, decimation.slices] };
      ready = volumeLoader.createAndCacheVolume(volumeId, options as never);
    } else {
      ready = volumeLoader.createAndCacheVolume(volumeId, { imageIds: [...imageIds] });
    }
    entry = { volumeId, users: 0, ready };
    context.volumes.set(key, entry);
    const made = entry;
    made.loaded = ready.then((volume) => {
      const streaming = volume as unknown as StreamingVolume;
      loadNearestFirst(streaming, decimated ? Math.floor(focus / decimation.slices) : focus);
      const total = (volume as unknown as { imageIds?: string[] }).imageIds?.length ?? imageIds.length;
      return new Promise((resolve) => streaming.load(() => resolve({ loaded: streaming.framesLoaded, total })));
    });
    made.loaded.catch(() => undefined);
  }
  entry.users += 1;
  const held = entry;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.users -= 1;
    if (held.users > 0) return;
    context.volumes.delete(key);
    held.ready.then(
      (volume) => {
        (volume as unknown as StreamingVolume).cancelLoading?.();
        const volumeImageIds = [...((volume as unknown as { imageIds?: string[] }).imageIds ?? [])];
        if (cache.getVolumeLoadObject(held.volumeId)) cache.removeVolumeLoadObject(held.volumeId);
        if (decimated) removeDecimatedImages(volumeImageIds);
      },
      () => undefined,
    );
  };
  try {
    const volume = await held.ready;
    return { volumeId: held.volumeId, volume, loaded: held.loaded!, release };
  } catch (error) {
    release();
    throw error;
  }
}
