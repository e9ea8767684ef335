// Draws the Teams app icons into manifest/: color.png (192×192) and outline.png (32×32, white on
// transparent). The design is a ticked box, the end state of a triage. Run it again after changing
// the design; the PNGs are committed so packaging needs no drawing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** Teams tints the app tile with the manifest's accentColor; the colour icon uses the same blue. */
export const ACCENT = { r: 0x25, g: 0x63, b: 0xa8 };

interface Point {
  x: number;
  y: number;
}

/** The symbol's proportions, as fractions of the icon's side. */
interface Design {
  /** Half the side of the box. */
  half: number;
  corner: number;
  box: number;
  tick: number;
}

// The colour icon keeps its symbol near the middle 96 px of 192, as the Teams icon guidelines ask,
// so that the tile's rounded mask never clips it. The outline icon is shown at 16–32 px, so its
// symbol fills the square and its strokes are thicker, or they would blur into one grey pixel.
const COLOR_DESIGN: Design = { half: 0.27, corner: 0.07, box: 0.05, tick: 0.065 };
const OUTLINE_DESIGN: Design = { half: 0.42, corner: 0.11, box: 0.085, tick: 0.1 };

/** Where the tick bends, relative to the box's centre and scaled by its half side. */
const TICK: readonly Point[] = [
  { x: -0.5, y: 0.02 },
  { x: -0.14, y: 0.38 },
  { x: 0.52, y: -0.32 },
];

/** Samples per pixel along each axis: 4×4 gives smooth edges without an image library. */
const SUPERSAMPLE = 4;

/** Signed distance from p to a rounded square centred at 0.5,0.5 (negative inside). */
function roundedSquare(p: Point, half: number, corner: number): number {
  const qx = Math.abs(p.x - 0.5) - (half - corner);
  const qy = Math.abs(p.y - 0.5) - (half - corner);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - corner;
}

/** Distance from p to the segment a–b. */
function segment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** True where the symbol (box outline and tick) covers the point. */
function covers(p: Point, d: Design): boolean {
  if (Math.abs(roundedSquare(p, d.half, d.corner)) <= d.box / 2) return true;
  const tick = TICK.map((t) => ({ x: 0.5 + t.x * d.half, y: 0.5 + t.y * d.half }));
  for (let i = 1; i < tick.length; i++) if (segment(p, tick[i - 1]!, tick[i]!) <= d.tick / 2) return true;
  return false;
}

/** Fraction of the pixel x,y that the symbol covers, 0..1. */
function coverage(x: number, y: number, size: number, d: Design): number {
  let hits = 0;
  for (let i = 0; i < SUPERSAMPLE; i++) {
    for (let j = 0; j < SUPERSAMPLE; j++) {
      const p = { x: (x + (i + 0.5) / SUPERSAMPLE) / size, y: (y + (j + 0.5) / SUPERSAMPLE) / size };
      if (covers(p, d)) hits++;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

/** The 192×192 colour icon: a white ticked box on the accent blue. */
export function drawColorIcon(): PNG {
  const size = 192;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(x, y, size, COLOR_DESIGN);
      const i = (y * size + x) * 4;
      png.data[i] = Math.round(ACCENT.r + (255 - ACCENT.r) * a);
      png.data[i + 1] = Math.round(ACCENT.g + (255 - ACCENT.g) * a);
      png.data[i + 2] = Math.round(ACCENT.b + (255 - ACCENT.b) * a);
      png.data[i + 3] = 255;
    }
  }
  return png;
}

/** The 32×32 outline icon: the same symbol in white, everything else fully transparent. */
export function drawOutlineIcon(): PNG {
  const size = 32;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      // Teams rejects an outline icon with any colour but white: edges fade in alpha only.
      png.data[i] = 255;
      png.data[i + 1] = 255;
      png.data[i + 2] = 255;
      png.data[i + 3] = Math.round(255 * coverage(x, y, size, OUTLINE_DESIGN));
    }
  }
  return png;
}

function main(): void {
  const dir = join(__dirname, '..', 'manifest');
  mkdirSync(dir, { recursive: true });
  for (const [name, png] of [['color.png', drawColorIcon()], ['outline.png', drawOutlineIcon()]] as const) {
    const file = join(dir, name);
    writeFileSync(file, PNG.sync.write(png, { colorType: 6 }));
    console.log(`wrote ${file} (${png.width}×${png.height})`);
  }
}

if (require.main === module) main();
