// Screenshots made in the tests: an error dialog drawn as HTML and photographed by Debian's
// Chromium, in English or Spanish, a light or dark theme, at a display scale. Nothing is fetched:
// the page is set from a string, with the fonts the machine has.
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from '../e2e/open-browser';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface DialogSpec {
  title: string;
  /** Lines of the dialog's message; the code is one of them. */
  lines: string[];
  button: string;
  theme: 'light' | 'dark';
  /** Display scale (1 = 100 %, 1.5 = 150 %): the screenshot's pixels per CSS pixel. */
  scale: number;
  /** Blur radius in CSS pixels: a photo of a screen taken out of focus. */
  blur?: number;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function html(d: DialogSpec): string {
  const [bg, fg, panel, border] = d.theme === 'dark' ? ['#202020', '#ffffff', '#2b2b2b', '#3d3d3d'] : ['#f3f3f3', '#1a1a1a', '#ffffff', '#c8c8c8'];
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { margin: 0; background: ${bg}; font: 12px "DejaVu Sans", "Liberation Sans", sans-serif; color: ${fg}; }
    .dlg { width: 440px; margin: 0; background: ${panel}; border: 1px solid ${border}; filter: blur(${d.blur ?? 0}px); }
    .bar { padding: 8px 12px; font-size: 12px; border-bottom: 1px solid ${border}; }
    .body { display: flex; gap: 14px; padding: 18px 16px; }
    .icon { width: 32px; height: 32px; border-radius: 50%; background: #c42b1c; color: #fff; font: bold 22px sans-serif; text-align: center; line-height: 32px; flex: none; }
    p { margin: 0 0 8px; line-height: 1.4; }
    .foot { text-align: right; padding: 10px 16px; background: ${bg}; }
    button { font: inherit; padding: 4px 22px; background: ${panel}; color: ${fg}; border: 1px solid ${border}; }
  </style></head><body><div class="dlg" id="dlg">
    <div class="bar">${escape(d.title)}</div>
    <div class="body"><div class="icon">×</div><div>${d.lines.map((l) => `<p>${escape(l)}</p>`).join('')}</div></div>
    <div class="foot"><button>${escape(d.button)}</button></div>
  </div></body></html>`;
}

export interface DialogCamera {
  shoot(d: DialogSpec): Promise<Buffer>;
  close(): Promise<void>;
}

/** One Chromium for a test file; each shot a new page at the dialog's scale. */
export async function openDialogCamera(): Promise<DialogCamera> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return {
    async shoot(d) {
      const context = await browser.newContext({ deviceScaleFactor: d.scale, viewport: { width: 480, height: 320 } });
      try {
        const page = await context.newPage();
        await page.setContent(html(d));
        return await page.locator('#dlg').screenshot({ type: 'png' });
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}
