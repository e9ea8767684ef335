// Near-codes in recognised text: each misreading screen OCR makes inside a code is resolved to the
// code the catalog knows, and the rewrite is reported so the card can show the reading used.
import { isKnownValue } from '../../../src/engine/codes/decode';
import { lookup } from '../../../src/engine/lookup';
import { resolveNearCodes } from '../../../src/engine/ocr/resolve-near-codes';
import { realEngine } from '../../support/engine';

const { engine } = realEngine();
const isKnown = (v: number) => isKnownValue(engine.tables, v) || engine.articles.defines(v);
const resolve = (text: string) => resolveNearCodes(text, { isKnown });

describe('misread codes become the known code', () => {
  // [what recognition read, the text the bot then triages, the reading used]
  test.each([
    ['Error code: 0x8OO7OOOS', 'Error code: 0x80070005', '0x80070005'],
    ['Código de error: Ox80070002', 'Código de error: 0x80070002', '0x80070002'],
    ['failed with 0x8007OO0d.', 'failed with 0x8007000D.', '0x8007000D'],
    ['(0x80O7O4ZZ)', '(0x80070422)', '0x80070422'],
    ['0x8007O49O - not found', '0x80070490 - not found', '0x80070490'],
    ['Windows Update 8OOBOOO4', 'Windows Update 800B0004', '800B0004'],
    ['error 0x8OO7OOSZ', 'error 0x80070052', '0x80070052'],
    ['0xC0O0O2lA', '0xC000021A', '0xC000021A'],
    ['0x8O24402c', '0x8024402C', '0x8024402C'],
  ])('%j → %j', (read, text, used) => {
    const r = resolve(read);
    expect(r.text).toBe(text);
    expect(r.corrections.map((c) => c.used)).toEqual([used]);
    expect(lookup(engine, r.text).matches[0]?.code.toUpperCase()).toBe(`0X${used.replace(/^0x/, '')}`.toUpperCase());
  });

  test('S read for 8: the known one of 5 and 8 wins (0x800B0004 read as 0xS00B0004)', () => {
    expect(resolve('0xS00B0004').text).toBe('0x800B0004');
  });

  test('each correction says what was read and where', () => {
    expect(resolve('first 0x8OO7OOOS then Ox80070002').corrections).toEqual([
      { read: '0x8OO7OOOS', used: '0x80070005', index: 6 },
      { read: 'Ox80070002', used: '0x80070002', index: 22 },
    ]);
  });
});

describe('text that stays as it is', () => {
  test.each([
    ['a code read right', 'Error 0x80070005 occurred'],
    ['words made of look-alike letters', 'BlOSSOMS Isolated SOBBED Dazzles'],
    ['a near-code no reading of which is known', 'ref 0xOOOOIZSZ'],
    ['time stamps and versions', '10.0.19041.3803 at 10:22:33 on 2024-01-15'],
    ['Spanish prose', 'No se pudo instalar la actualización'],
    ['nothing', ''],
  ])('%s', (_what, text) => {
    const r = resolve(text);
    expect(r.text).toBe(text);
    expect(r.corrections).toEqual([]);
  });
});

describe('adversarial input costs time in proportion to its length', () => {
  // Each of these is 28 KB: what a recognised screenshot could at worst produce. The bound on
  // readings per token and on tokens per text is what keeps them cheap; bench figures are in
  // npm run bench, here only that each finishes and changes nothing it should not.
  test.each([
    ['SSSSSSSS runs', 'SSSSSSSS '.repeat(3200)],
    ['0x0x0x…', '0x'.repeat(14 * 1024)],
    ['one letter', 'O'.repeat(28 * 1024)],
    ['8B8B runs', '8B8B8B8B '.repeat(3200)],
  ])('%s', (_what, text) => {
    const r = resolve(text);
    expect(r.text.length).toBeGreaterThan(0);
  });
});
