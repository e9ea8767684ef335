// One OCR worker thread: prepares an image for recognition (decode, scale up, grey, invert a dark
// theme) and recognises it with its own tesseract.js worker. Plain JavaScript because Node starts
// worker threads from a file it can run as is, under tsx, ts-jest and a built dist/ alike; the
// logic that decides anything about the text stays in TypeScript on the main thread.
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import Tesseract from 'tesseract.js';
import { Jimp } from 'jimp';

const { langPath, languages, target } = workerData;

// Screen text is 11–16 px high at 100 % display scale; Tesseract's LSTM models read best at
// 20–40 px. So narrow images are scaled up, by at most `target.maxScale`, and never beyond
// `target.maxPixels` (time grows with pixels).
function scaleFor(width, height) {
  const want = Math.min(target.maxScale, Math.max(1, target.width / width));
  const cap = Math.sqrt(target.maxPixels / (width * height));
  return Math.max(1, Math.min(want, cap));
}

async function prepare(bytes) {
  let image;
  try {
    image = await Jimp.read(Buffer.from(bytes));
  } catch {
    // WebP and anything Jimp cannot decode go to Tesseract as they are: its Leptonica reads them.
    return { input: Buffer.from(bytes), scale: 1, inverted: false };
  }
  const scale = scaleFor(image.width, image.height);
  if (scale > 1.05) image.resize({ w: Math.round(image.width * scale), h: Math.round(image.height * scale) });
  image.greyscale();
  // Light text on a dark background (dark themes, consoles): Tesseract expects dark on light.
  const data = image.bitmap.data;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < data.length; i += 4 * 16) {
    sum += data[i];
    n++;
  }
  const inverted = n > 0 && sum / n < 128;
  if (inverted) image.invert();
  // BMP: no compression to spend time on, and Leptonica reads it directly.
  return { input: await image.getBuffer('image/bmp'), scale, inverted };
}

const worker = await Tesseract.createWorker(languages, Tesseract.OEM.LSTM_ONLY, {
  langPath,
  gzip: true,
  // Nothing read from or written to a cache: the trained data come from langPath every start.
  cacheMethod: 'none',
});
await worker.setParameters({ tessedit_pageseg_mode: Tesseract.PSM.AUTO, preserve_interword_spaces: '1' });
parentPort.postMessage({ type: 'ready' });

parentPort.on('message', async (msg) => {
  if (msg.type === 'stop') {
    await worker.terminate();
    parentPort.close();
    return;
  }
  const started = performance.now();
  try {
    const { input, scale, inverted } = await prepare(msg.bytes);
    const prepared = performance.now();
    const { data } = await worker.recognize(input);
    parentPort.postMessage({
      type: 'result',
      id: msg.id,
      text: data.text,
      confidence: data.confidence,
      scale,
      inverted,
      prepareMs: prepared - started,
      ms: performance.now() - started,
    });
  } catch (e) {
    parentPort.postMessage({ type: 'result', id: msg.id, error: String(e?.message ?? e) });
  }
});
