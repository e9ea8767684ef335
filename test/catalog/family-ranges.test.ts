// Family (range) articles over the real catalog: a code of a known family that has no article of its
// own still gets a triage, a specific article always wins over its family, and families do not
// overlap (two families claiming one code would make the answer depend on range width alone).
import { lookup } from '../../src/engine/lookup';
import { realEngine } from '../support/engine';

const { engine, knowledge } = realEngine();
const { articles } = knowledge;
const articleOf = (text: string) => lookup(engine, text).matches[0]?.article ?? null;

const families = articles.flatMap((a) =>
  a.codes.flatMap((c) => ('range' in c ? [{ id: a.id, from: parseInt(c.range.from, 16), to: parseInt(c.range.to, 16) }] : [])),
);
const exactCodes = articles.flatMap((a) => a.codes.flatMap((c) => ('code' in c ? [{ id: a.id, value: parseInt(c.code, 16), code: c.code }] : [])));

// For every family, the first code of its range that no article claims exactly, as a user would
// paste it: worked out from the catalog, so a specific article added later does not break the test.
const unclaimed = (f: { from: number; to: number }) => {
  for (let v = f.from; v <= f.to; v++) if (!exactCodes.some((e) => e.value === v)) return `0x${v.toString(16).toUpperCase().padStart(8, '0')}`;
  return null;
};

test.each(families.map((f) => [f.id, f] as const))('a code of the %s range without an article of its own gets that family', (id, f) => {
  const code = unclaimed(f);
  expect(code).not.toBeNull();
  expect(articleOf(`the log says 0x${code!.slice(2)}`)).toBe(id);
});

// Codes users meet often: answered by their family, or by a specific article once one claims them.
test.each([
  ['0x80072F05', 'wininet-winhttp-family'],
  ['0x80090326', 'crypto-security-family'],
  ['0x80190197', 'http-status-family'],
  ['0x8001010A', 'rpc-com-family'],
  ['0x8004231F', 'vss-shadow-copy-family'],
  ['0x80D02002', 'delivery-optimization-family'],
])('%s gets the %s triage unless an article of its own claims it', (code, family) => {
  expect(articleOf(code)).toBe(exactCodes.find((e) => e.code === code)?.id ?? family);
});

test('a family code the headers do not define is still read as a code, not matched by its words', () => {
  // Without the family, "0x8031002C" used to be fuzzily matched to another BitLocker code's article.
  const m = lookup(engine, 'BitLocker failed with 0x8031002C').matches[0];
  expect(m?.code).toBe('0x8031002C');
  expect(m?.article).toBe('bitlocker-fve-family');
});

test('a Win32 RPC error typed in decimal reaches the RPC family through its HRESULT', () => {
  // 1717 is RPC_S_UNKNOWN_IF, 0x800706B5.
  expect(articleOf('error 1717')).toBe('rpc-win32-family');
});

test('every specific article wins over the family whose range holds its code', () => {
  const inFamily = exactCodes.filter((e) => families.some((f) => e.value >= f.from && e.value <= f.to));
  expect(inFamily.length).toBeGreaterThan(20);
  const lost = inFamily.filter((e) => articleOf(e.code) !== e.id).map((e) => `${e.code}: ${e.id} -> ${articleOf(e.code)}`);
  expect(lost).toEqual([]);
});

test('no two family ranges overlap, and a code just outside a family is not claimed by it', () => {
  const sorted = [...families].sort((a, b) => a.from - b.from);
  const overlaps = sorted.slice(1).filter((f, i) => f.from <= sorted[i]!.to).map((f, i) => `${sorted[i]!.id} / ${f.id}`);
  expect(overlaps).toEqual([]);
  // SetupAPI's driver errors (0x800F0244, SPAPI_E_SIGNATURE_OSATTRIBUTE_MISMATCH) sit below the CBS range.
  expect(articleOf('0x800F0244')).toBe('driver-install-family');
});
