// The OCR pool when a thread dies or a recognition runs away: the image waiting on it fails with a
// reason the bot can explain, a new thread takes the next one, and close() still returns. Before,
// a dead thread left its slot busy forever: every later screenshot and the shutdown hung.
import { Jimp } from 'jimp';
import { OcrFailedError, OcrPool } from '../../src/intake/ocr/ocr-pool';

jest.setTimeout(120_000);

let white: Buffer;
beforeAll(async () => {
  white = await new Jimp({ width: 300, height: 120, color: 0xffffffff }).getBuffer('image/png');
});

/** The pool's thread for slot i, to kill it as an out-of-memory or a WASM crash would. */
const threadOf = (pool: OcrPool, i = 0) => pool['slots'][i]!.worker;

test('a thread that dies under a screenshot: that one fails, the next is read on a new thread, close() returns', async () => {
  const pool = new OcrPool({ size: 1 });
  try {
    await pool.start();
    const dying = pool.recognise(white);
    await threadOf(pool).terminate();
    await expect(dying).rejects.toBeInstanceOf(OcrFailedError);
    await expect(pool.recognise(white)).resolves.toMatchObject({ text: expect.any(String) });
  } finally {
    await pool.close();
  }
});

test('a thread that died while idle: the next screenshot is still read', async () => {
  const pool = new OcrPool({ size: 1 });
  try {
    await pool.start();
    await threadOf(pool).terminate();
    await expect(pool.recognise(white)).resolves.toMatchObject({ text: expect.any(String) });
  } finally {
    await pool.close();
  }
});

test('a recognition past its time-out fails, and the pool still closes', async () => {
  const pool = new OcrPool({ size: 1, timeoutMs: 1 });
  await pool.start();
  await expect(pool.recognise(white)).rejects.toThrow(/took more than 1 ms/);
  await pool.close();
});

test('an image past maxPixels is scaled down before recognition', async () => {
  const pool = new OcrPool({ size: 1, target: { width: 1000, maxScale: 2, maxPixels: 160_000 } });
  try {
    const big = await new Jimp({ width: 800, height: 800, color: 0xffffffff }).getBuffer('image/png');
    const r = await pool.recognise(big);
    expect(r.scale).toBeCloseTo(0.5, 2);
  } finally {
    await pool.close();
  }
});
