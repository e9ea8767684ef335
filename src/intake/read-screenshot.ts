// From a screenshot's bytes to the text the bot triages: recognition in the OCR pool, then the
// codes it misread resolved against the catalog, so "0x8OO7OOOS" is triaged as 0x80070005.
import { resolveNearCodes, type Correction } from '../engine/ocr/resolve-near-codes';
import type { OcrPool } from './ocr/ocr-pool';

export interface ScreenshotText {
  /** The recognised text with near-codes corrected; empty when nothing legible was found. */
  text: string;
  corrections: Correction[];
  confidence: number;
  ms: number;
}

// Below this mean confidence Tesseract is reading noise (a photo, a blur), not text.
const MIN_CONFIDENCE = 30;

/** Reads a screenshot; `isKnown` tells which codes the catalog knows. */
export async function readScreenshot(pool: OcrPool, bytes: Uint8Array, isKnown: (value: number) => boolean): Promise<ScreenshotText> {
  const r = await pool.recognise(bytes);
  // Lines of one or two characters are icons and borders read as letters ("x", "(x ]").
  const lines = r.text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.replace(/[^\p{L}\p{N}]/gu, '').length > 2);
  const raw = r.confidence < MIN_CONFIDENCE ? '' : lines.join('\n');
  const { text, corrections } = resolveNearCodes(raw, { isKnown });
  return { text, corrections, confidence: r.confidence, ms: r.ms };
}
