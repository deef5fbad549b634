// Opens a host app page in headless Chromium and reads back what each viewport showed.
import type { Browser } from 'puppeteer-core';
import { viewportIds } from './host-app.js';

export interface ViewportOutcome {
  rendered?: boolean;
  error?: string;
  /** Sum and count of the shown image's values (getImageData()), when one is shown. */
  checksum?: { sum: number; count: number };
  /** Whether the canvas holds a lit pixel. */
  litPixels?: boolean;
}

export interface PageOutcome {
  viewports: Record<string, ViewportOutcome>;
  /** Every console message of the page and its workers. */
  console: string[];
  /** Uncaught errors of the page. */
  pageErrors: string[];
}

/** Loads `url`, waits until every viewport has rendered or reported an error (or `timeoutMs`), and reads them. */
export async function renderOutcome(browser: Browser, url: string, timeoutMs = 90_000): Promise<PageOutcome> {
  const page = await browser.newPage();
  const consoleLines: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => pageErrors.push(String((error as Error).message ?? error)));
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page
      .waitForFunction((ids: readonly string[]) => ids.every((id) => (window as unknown as { __viewports?: Record<string, unknown> }).__viewports?.[id]), { timeout: timeoutMs, polling: 200 }, viewportIds)
      .catch(() => undefined);
    const viewports = await page.evaluate((ids: readonly string[]) => {
      const recorded = (window as unknown as { __viewports?: Record<string, { rendered?: boolean; error?: string }> }).__viewports ?? {};
      const outcome: Record<string, unknown> = {};
      for (const id of ids) {
        const element = document.getElementById(id) as (HTMLElement & { getImageData?(): { values: Float64Array } | undefined }) | null;
        const data = element?.getImageData?.();
        const canvas = element?.shadowRoot?.querySelector('canvas');
        let litPixels = false;
        if (canvas) {
          const pixels = canvas.getContext('2d', { willReadFrequently: true })?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
          for (let i = 0; i < pixels.length && !litPixels; i += 4) litPixels = pixels[i]! > 8 || pixels[i + 1]! > 8 || pixels[i + 2]! > 8;
        }
        outcome[id] = {
          ...recorded[id],
          ...(data && { checksum: { sum: data.values.reduce((total, value) => total + value, 0), count: data.values.length } }),
          litPixels,
        };
      }
      return outcome;
    }, viewportIds);
    return { viewports: viewports as Record<string, ViewportOutcome>, console: consoleLines, pageErrors };
  } finally {
    await page.close();
  }
}
