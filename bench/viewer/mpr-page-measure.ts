// Measuring inside the MPR benchmark's pages (ours, the bare Cornerstone3D peer): when every view first shows an image.

export interface MprPageResult {
  /** performance.now() when the work began: the elements' connection (ours), the page script's start (peer). */
  start: number;
  /** Every view showing part of the volume (a lit pixel on its canvas's middle row). */
  firstImage: number;
  /** Every slice of the volume loaded. */
  volumeLoaded: number;
  views: number;
  slices: number;
  timeOrigin: number;
}

/** Whether a canvas's middle row has a pixel that is not black (the phantom's body crosses it in every plane). */
function showsImage(canvas: HTMLCanvasElement | null): boolean {
  if (!canvas || canvas.width === 0) return false;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return false;
  const { data } = context.getImageData(0, Math.floor(canvas.height / 2), canvas.width, 1);
  for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! > 0) return true;
  return false;
}

/** performance.now() at the first animation frame on which every canvas shows an image (checked once a frame). */
export function firstImageInAll(canvases: Array<() => HTMLCanvasElement | null>): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      if (canvases.every((canvas) => showsImage(canvas()))) resolve(performance.now());
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}
