// Names the mingw-w64 headers lack come from Microsoft's error code pages (names-docs.json): a
// user sees them on the card and can paste them, and the headers' own names still come first.
import { checkAgainstHeaders } from '../../src/engine/catalog/check-against-headers';
import { lookup } from '../../src/engine/lookup';
import { realEngine } from '../support/engine';

const { engine, knowledge } = realEngine();
const first = (text: string) => lookup(engine, text).matches[0];

test('a Win32 error newer than the headers is named, inside its HRESULT too', () => {
  const m = first('Setup failed with 0x800702E4');
  expect(m?.code).toBe('0x800702E4');
  expect(m?.win32?.names).toContain('ERROR_ELEVATION_REQUIRED');
  expect(m?.known).toBe(true);
});

test.each([
  ['ERROR_VIRUS_INFECTED', '0x000000E1'],
  ['ERROR_DISK_QUOTA_EXCEEDED', '0x0000050F'],
  ['ERROR_PASSWORD_CHANGE_REQUIRED', '0x00000792'],
])('the name %s alone is found as its code', (name, code) => {
  const m = first(`The log says ${name} and nothing else`);
  expect(m?.code).toBe(code);
  expect(m?.names).toContain(name);
});

test('a value the headers name keeps the headers’ names first', () => {
  expect(first('0x80070005')?.names[0]).toBe('E_ACCESSDENIED');
});

describe('the articles against the names', () => {
  const article = knowledge.articles.find((a) => a.id === 'wsl-virtual-disk-limitation')!;
  const named = (names: string[]) => [{ ...article, codes: [{ code: '0xC03A001A', names }] }] as typeof knowledge.articles;

  test('a value that is both an NTSTATUS and an HRESULT takes either family’s name', () => {
    expect(checkAgainstHeaders(engine.tables, named(['STATUS_VIRTUAL_DISK_LIMITATION', 'ERROR_VIRTUAL_DISK_LIMITATION']))).toEqual([]);
  });

  test('a name of another value is still refused', () => {
    expect(checkAgainstHeaders(engine.tables, named(['STATUS_ACCESS_DENIED']))).toEqual([expect.stringContaining('"STATUS_ACCESS_DENIED" is 0xC0000022')]);
    expect(checkAgainstHeaders(engine.tables, named(['ERROR_ACCESS_DENIED_XYZ']))).toEqual([expect.stringContaining('the headers do not call 0xC03A001A')]);
  });
});
