// Screenshots of error dialogs, made here in Chromium in English and Spanish, light and dark, at
// several display scales: the code must come out of each, as the bot would triage it. One OCR
// pool for the file; each recognition costs CPU, so the table is small.
import { isKnownValue } from '../../src/engine/codes/decode';
import { lookup } from '../../src/engine/lookup';
import { OcrPool } from '../../src/intake/ocr/ocr-pool';
import { readScreenshot } from '../../src/intake/read-screenshot';
import { realEngine } from '../support/engine';
import { openDialogCamera, type DialogCamera } from '../support/render-dialog';

jest.setTimeout(120_000);
const { engine } = realEngine();
const isKnown = (v: number) => isKnownValue(engine.tables, v) || engine.articles.defines(v);

let pool: OcrPool;
let camera: DialogCamera;
beforeAll(async () => {
  pool = new OcrPool({ size: 1 });
  camera = await openDialogCamera();
  await pool.start();
});
afterAll(async () => {
  await pool.close();
  await camera.close();
});

const EN = { title: 'Windows Update', lines: ['There were some problems installing updates.', 'Error code: 0x80070005'], button: 'OK' };
const ES = { title: 'Windows Update', lines: ['Hubo problemas al instalar las actualizaciones.', 'Código de error: 0x800F0922'], button: 'Aceptar' };
const OUTLOOK = { title: 'Microsoft Outlook', lines: ['Cannot start Microsoft Outlook. Cannot open the Outlook window.', 'The operation failed. 0x8004010F'], button: 'OK' };

test.each([
  ['English, light, 100 %', EN, 'light', 1, '0x80070005'],
  ['English, dark, 150 %', EN, 'dark', 1.5, '0x80070005'],
  ['Spanish, light, 125 %', ES, 'light', 1.25, '0x800F0922'],
  ['Spanish, dark, 200 %', ES, 'dark', 2, '0x800F0922'],
  ['Outlook, light, 100 %', OUTLOOK, 'light', 1, '0x8004010F'],
] as const)('%s: the code comes out', async (_what, dialog, theme, scale, code) => {
  const png = await camera.shoot({ ...dialog, theme, scale });
  const read = await readScreenshot(pool, png, isKnown);
  expect(read.text).toContain(dialog.lines[0]!.slice(0, 12));
  expect(lookup(engine, read.text).matches[0]?.code).toBe(code);
});

test('a blurred screenshot gives no code to triage', async () => {
  const png = await camera.shoot({ ...EN, theme: 'light', scale: 1, blur: 3 });
  const read = await readScreenshot(pool, png, isKnown);
  expect(lookup(engine, read.text).matches.filter((m) => m.source === 'code')).toEqual([]);
});

test('an empty dialog gives no text to triage', async () => {
  const png = await camera.shoot({ title: '', lines: [''], button: '', theme: 'light', scale: 1 });
  const read = await readScreenshot(pool, png, isKnown);
  expect(lookup(engine, read.text).matches).toEqual([]);
});
