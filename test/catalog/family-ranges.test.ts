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

// One code per family that no article claims exactly, as a user would paste it.
test.each([
  ['0x800F0906', 'cbs-servicing-family'],
  ['0x80072F05', 'wininet-winhttp-family'],
  ['0x800B0110', 'cert-trust-family'],
  ['0x80090326', 'crypto-security-family'],
  ['0x8031002C', 'bitlocker-fve-family'],
  ['0xC004F050', 'licensing-activation-family'],
  ['0x80180026', 'mdm-enrollment-family'],
  ['0xCAA30068', 'entra-signin-caa-family'],
  ['0x803F8106', 'store-licensing-family'],
  ['0xC1900204', 'setup-upgrade-family'],
  ['0x8020001B', 'bits-transfer-family'],
  ['0x80190197', 'http-status-family'],
  ['0x800706B5', 'rpc-win32-family'],
  ['0x8001010A', 'rpc-com-family'],
  ['0x80370114', 'hyperv-hcs-family'],
  ['0x8010006C', 'smart-card-family'],
  ['0x80D02002', 'delivery-optimization-family'],
  ['0x801C0021', 'device-registration-family'],
  ['0x8004231F', 'vss-shadow-copy-family'],
  ['0x80280009', 'tpm-family'],
  ['0x800F020B', 'driver-install-family'],
  ['0x80070665', 'msi-installer-family'],
])('%s without an article of its own gets the %s triage', (code, family) => {
  expect(exactCodes.some((e) => e.code === code)).toBe(false);
  expect(articleOf(code)).toBe(family);
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
  expect(articleOf('0x800F0906')).toBe('cbs-servicing-family');
});
