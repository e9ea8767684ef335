// One OCR worker thread: prepares an image for recognition (decode, scale up, grey, invert a dark
// theme) and recognises it with its own tesseract.js worker. Plain JavaScript because Node starts
// worker threads from a file it can run as is, under tsx, ts-jest and a built dist/ alike; the
// logic that decides anything about the text stays in TypeScript on the main thread. Jimp decodes
// PNG, JPEG, GIF and BMP and resizes in pure JavaScript (no native build to break on Node 22/24);
// tesseract.js offers no scaling of its own, and its LSTM models need small screen text enlarged.
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import Tesseract from 'tesseract.js';
import { Jimp } from 'jimp';

const { langPath, languages, target } = workerData;

// Screen text is 11–16 px high at 100 % display scale; Tesseract's LSTM models read best at
// 20–40 px. So narrow images are scaled up, by at most `target.maxScale`, and never beyond
// `target.maxPixels` (time grows with pixels). An image already past maxPixels (a photo, a
// multi-monitor capture) is scaled down to it, so no image costs recognition more than that.
function scaleFor(width, height) {
  const want = Math.min(target.maxScale, Math.max(1, target.width / width));
  const cap = Math.sqrt(target.maxPixels / (width * height));
  return Math.min(want, cap);
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
  if (Math.abs(scale - 1) > 0.05) image.resize({ w: Math.round(image.width * scale), h: Math.round(image.height * scale) });
  // Grey in one pass over the pixels (transparent ones count as white, as a chat shows them);
  // Jimp's own greyscale and its BMP encoder cost ten times as much on a dialog-sized image.
  const { data, width, height } = image.bitmap;
  const grey = Buffer.alloc(width * height);
  let sum = 0;
  for (let i = 0, p = 0; p < grey.length; i += 4, p++) {
    const a = data[i + 3] / 255;
    const v = (data[i] * 299 + data[i + 1] * 587 + data[i + 2] * 114) / 1000;
    grey[p] = v * a + 255 * (1 - a);
    sum += grey[p];
  }
  // Light text on a dark background (dark themes, consoles): Tesseract expects dark on light.
  const inverted = sum / grey.length < 128;
  if (inverted) for (let p = 0; p < grey.length; p++) grey[p] = 255 - grey[p];
  // A PGM (binary greymap) is a header and the bytes: nothing to compress, and Leptonica reads it.
  return { input: Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), grey]), scale, inverted };
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
