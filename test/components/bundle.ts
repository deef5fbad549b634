// The browser tests run the shipped standalone bundle (workers and WASM codecs as users get them), typed by its source.
const bundleUrl = new URL('../../dist/browser/dicom-lightbox.js', import.meta.url).href;

export const lightbox: typeof import('../../src/index.js') = await import(bundleUrl);
