import { css } from 'lit';

export const viewportStyles = css`
  :host {
    --dicom-viewport-background: var(--dicom-color-background, #000);
    --dicom-viewport-text-color: var(--dicom-color-overlay-text, #e8e8e8);
    --dicom-viewport-accent: var(--dicom-color-accent, #4fa3ff);
    --dicom-viewport-error-background: var(--dicom-color-error-background, rgba(120, 16, 16, 0.88));
    --dicom-viewport-font: var(--dicom-font-overlay, 12px/1.35 system-ui, sans-serif);
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
  .canvas {
    position: absolute;
    inset: 0;
    outline: none;
  }
  /* The image asked for failed: never leave the previous image on screen under its number. */
  .canvas--failed canvas {
    visibility: hidden;
  }
  .canvas:focus-visible {
    box-shadow: inset 0 0 0 2px var(--dicom-viewport-accent);
  }
  .overlay {
    position: absolute;
    pointer-events: none;
    text-shadow: 0 0 2px #000, 0 0 1px #000;
    white-space: nowrap;
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
    transition: width 120ms linear;
  }
  .message {
    position: absolute;
    left: 50%;
    top: 50%;
    transform: translate(-50%, -50%);
    max-width: min(80%, 36em);
    padding: 0.75em 1em;
    border-radius: 4px;
    background: rgba(0, 0, 0, 0.7);
    text-align: center;
    white-space: normal;
    pointer-events: none;
  }
  .message--error {
    background: var(--dicom-viewport-error-background);
    color: #fff;
  }
`;
