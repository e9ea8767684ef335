// An image's pixel size is read from its header before anything decodes it: a few KB can declare
// a 20000 × 20000 PNG (1.6 GB once decoded), and such an image is refused without an OCR call.
import { crc32, deflateSync } from 'node:zlib';
import { Jimp } from 'jimp';
import { checkImage } from '../../src/intake/fetch-image';
import { imageSize } from '../../src/intake/sniff-content';

/** A real PNG chunk: length, type, data, CRC-32 over type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([len, typed, crc]);
}

/** A PNG header declaring width × height RGBA, with the first rows of zeros deflated behind it. */
function declaredPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  // Zeros compress about a thousandfold: this is how a bomb stays small.
  const idat = deflateSync(Buffer.alloc(Math.min(width * 4 + 1, 1 << 20) * 4));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

test.each(['image/png', 'image/jpeg', 'image/bmp', 'image/gif'] as const)('%s made by an encoder: its size comes from the header', async (mime) => {
  const bytes = await new Jimp({ width: 37, height: 23, color: 0xffffffff }).getBuffer(mime);
  expect(imageSize(bytes)).toEqual({ width: 37, height: 23 });
});

test('a JPEG with metadata before its frame header is walked to the frame', () => {
  // SOI, an APP1 (EXIF) segment of 300 bytes, then SOF2 (progressive) 480 × 640.
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0x01, 0x2e]), Buffer.alloc(300)]);
  const sof2 = Buffer.from([0xff, 0xc2, 0x00, 0x11, 0x08, 0x02, 0x80, 0x01, 0xe0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  expect(imageSize(Buffer.concat([Buffer.from([0xff, 0xd8]), app1, sof2]))).toEqual({ width: 480, height: 640 });
});

describe('WebP, in each of its three forms', () => {
  const riff = (fourcc: string, body: number[]) => {
    const data = Buffer.from(body);
    const head = Buffer.alloc(20);
    head.write('RIFF', 0, 'latin1');
    head.writeUInt32LE(12 + data.length, 4);
    head.write('WEBP', 8, 'latin1');
    head.write(fourcc, 12, 'latin1');
    head.writeUInt32LE(data.length, 16);
    return Buffer.concat([head, data]);
  };
  test('lossy (VP8): the key frame sizes', () => {
    // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width 1920 and height 1080.
    expect(imageSize(riff('VP8 ', [0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x07, 0x38, 0x04, 0, 0]))).toEqual({ width: 1920, height: 1080 });
  });
  test('lossless (VP8L): width − 1 and height − 1 in 14 bits each', () => {
    const bits = (800 - 1) | ((600 - 1) << 14);
    expect(imageSize(riff('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >>> 24) & 0xff, 0, 0, 0, 0, 0]))).toEqual({ width: 800, height: 600 });
  });
  test('extended (VP8X): the canvas in 24 bits each', () => {
    const w = 30000 - 1;
    const h = 20000 - 1;
    expect(imageSize(riff('VP8X', [0, 0, 0, 0, w & 0xff, (w >> 8) & 0xff, w >> 16, h & 0xff, (h >> 8) & 0xff, h >> 16]))).toEqual({ width: 30000, height: 20000 });
  });
});

test('a PNG declaring 20000 × 20000 is refused as too many pixels, without being decoded', () => {
  const bomb = declaredPng(20000, 20000);
  expect(bomb.length).toBeLessThan(64 * 1024);
  expect(checkImage(bomb, 40_000_000)).toMatchObject({ ok: false, reason: 'too-many-pixels', detail: '20000x20000' });
});

test('an ordinary screenshot passes, and a header cut short is not an image', () => {
  expect(checkImage(declaredPng(1920, 1080), 40_000_000)).toMatchObject({ ok: true, format: 'png' });
  expect(checkImage(declaredPng(1920, 1080).subarray(0, 20), 40_000_000)).toMatchObject({ ok: false, reason: 'not-image' });
});
