import { css } from 'lit';
import { themeStyles } from '../shared/theme.styles.js';

// The image area is black in both palettes (a reading room's); the chrome over it (messages, progress, focus) is not.
export const viewportStyles = [
  themeStyles,
  css`
  :host {
    --dicom-viewport-background: var(--dicom-color-background, #000);
    --dicom-viewport-text-color: var(--dicom-color-overlay-text, #e8e8e8);
    --dicom-viewport-accent: var(--dicom-color-accent, var(--dicom-theme-accent));
    --dicom-viewport-error-background: var(--dicom-color-error-background, rgba(120, 16, 16, 0.88));
    --dicom-viewport-message-background: var(--dicom-color-surface, var(--dicom-theme-surface));
    --dicom-viewport-message-color: var(--dicom-color-text, var(--dicom-theme-text));
    --dicom-viewport-font: var(--dicom-font-overlay, 12px/1.35 system-ui, sans-serif);
    --dicom-viewport-lossy-color: var(--dicom-color-warning, #ffb020);
    --dicom-viewport-overlay-plane-color: var(--dicom-color-overlay-plane, #ffe800);
    display: block;
    position: relative;
    width: 100%;
    height: 512px;
    overflow: hidden;
    background: var(--dicom-viewport-background);
    color: var(--dicom-viewport-text-color);
    font: var(--dicom-viewport-font);
  }
  :host([hidden]) {
    display: none;
  }
  /* The overlays' layout follows the element's own width, not the page's. */
  .base {
    position: absolute;
    inset: 0;
    container-type: inline-size;
  }
  .canvas {
    position: absolute;
    inset: 0;
    outline: none;
  }
  /* Not the image the element names (loading, failed, another series'): never the previous one under its name. */
  .canvas--blank canvas {
    visibility: hidden;
  }
  /* In the image's pixel grid: the transform (set per render from the camera) puts it over the image. */
  .overlay-planes {
    position: absolute;
    left: 0;
    top: 0;
    transform-origin: 0 0;
    pointer-events: none;
    image-rendering: pixelated;
    color: var(--dicom-viewport-overlay-plane-color);
  }
  /* A sibling after the canvas, so the ring is drawn over the image rather than under it. */
  .focus-ring {
    position: absolute;
    inset: 0;
    pointer-events: none;
  }
  .canvas:focus-visible + .focus-ring {
    box-shadow: inset 0 0 0 2px var(--dicom-viewport-accent);
  }
  .overlay {
    position: absolute;
    pointer-events: none;
    /* An outline on every side, so the text reads on white bone and bright ultrasound as on black air. */
    text-shadow: 1px 0 0 #000, -1px 0 0 #000, 0 1px 0 #000, 0 -1px 0 #000, 1px 1px 1px #000, -1px -1px 1px #000, 0 0 3px #000;
    white-space: nowrap;
  }
  .overlay--top-left,
  .overlay--top-right,
  .overlay--bottom-left,
  .overlay--bottom-right {
    /* Stop short of the middle of the edge, where the orientation marker sits. */
    max-width: calc(50% - 8px - 1em);
  }
  .overlay--top-left > div,
  .overlay--top-right > div,
  .overlay--bottom-left > div,
  .overlay--bottom-right > div {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .overlay--top-left {
    left: 8px;
    top: 8px;
  }
  .overlay--top-right {
    right: 8px;
    top: 8px;
    text-align: right;
  }
  .overlay--bottom-left {
    left: 8px;
    bottom: 8px;
  }
  .overlay--bottom-right {
    right: 8px;
    bottom: 8px;
    text-align: right;
  }
  .lossy {
    top: 8px;
    left: 50%;
    transform: translateX(-50%);
    padding: 0 0.4em;
    border: 1px solid var(--dicom-viewport-lossy-color);
    border-radius: 3px;
    color: var(--dicom-viewport-lossy-color);
    font-weight: 700;
    letter-spacing: 0.08em;
  }
  .scale-bar {
    bottom: 10px;
    left: 50%;
    transform: translateX(-50%);
    height: 6px;
    border: 1px solid currentColor;
    border-top: none;
    box-shadow: 0 1px 0 #000;
  }
  .scale-bar__label {
    position: absolute;
    bottom: 7px;
    left: 50%;
    transform: translateX(-50%);
  }
  .orientation {
    font-weight: 600;
  }
  .orientation--top {
    top: 8px;
    left: 50%;
    transform: translate(-50%, 1.4em);
  }
  /* Above the scale bar and its label, which sit at the bottom centre too. */
  .orientation--bottom {
    bottom: 8px;
    left: 50%;
    transform: translate(-50%, calc(-1.6em - 18px));
  }
  .orientation--left {
    left: 8px;
    top: 50%;
    transform: translateY(-50%);
  }
  .orientation--right {
    right: 8px;
    top: 50%;
    transform: translateY(-50%);
  }
  /*
   * A narrow viewport keeps one line a corner (patient name, series, image number, window), so the middle of the
   * top and bottom edges is free below and above them: the markers, the LOSSY mark and the scale bar move there.
   */
  @container (max-width: 349.98px) {
    .overlay .secondary {
      display: none;
    }
    .lossy {
      top: calc(8px + 2.7em + 6px);
    }
    .scale-bar {
      bottom: calc(10px + 1.35em + 4px);
    }
    .orientation--bottom {
      transform: translate(-50%, calc(-2.95em - 22px));
    }
  }
  .progress {
    position: absolute;
    left: 0;
    right: 0;
    top: 0;
    height: 3px;
    background: rgba(255, 255, 255, 0.12);
    pointer-events: none;
  }
  .progress__bar {
    height: 100%;
    background: var(--dicom-viewport-accent);
    /* Scaled, not sized, and not animated: no layout, and no frames between the (throttled) updates. */
    transform-origin: left;
  }
  .message {
    position: absolute;
    left: 50%;
    top: 50%;
    transform: translate(-50%, -50%);
    /* As wide as its text up to the limit: placed from the middle, it would otherwise shrink to half the viewport. */
    width: max-content;
    max-width: min(80%, 36em);
    padding: 0.75em 1em;
    border-radius: 4px;
    background: var(--dicom-viewport-message-background);
    color: var(--dicom-viewport-message-color);
    border: 1px solid var(--dicom-color-border, var(--dicom-theme-border));
    text-shadow: none;
    text-align: center;
    white-space: normal;
    /* A UID in a message is one long word: it wraps rather than leave the box. */
    overflow-wrap: anywhere;
    pointer-events: none;
  }
  .message--error {
    background: var(--dicom-viewport-error-background);
    color: #fff;
  }
`,
];
