// The share of the header catalog's failures that reach an article, as catalog:check prints it.
import { headerCoverage } from '../../src/engine/catalog/check-against-headers';
import { articleSchema } from '../../src/engine/catalog/schema';
import { buildCodeTables, type CodeFile } from '../../src/engine/codes/code-tables';

const file = (kind: string, entries: [string, string][]): CodeFile => ({ kind, entries: entries.map(([value, name]) => ({ value, name, header: 'winerror.h' })) });
const tables = buildCodeTables({
  hresult: file('hresult', [['0x00000000', 'S_OK'], ['0x80070005', 'E_ACCESSDENIED'], ['0x80240001', 'WU_E_NO_SERVICE'], ['0x8024A000', 'WU_E_AU_NOSERVICE']]),
  ntstatus: file('ntstatus', [['0xC0000005', 'STATUS_ACCESS_VIOLATION'], ['0x80000005', 'STATUS_BUFFER_OVERFLOW']]),
  win32: file('win32', [['0', 'ERROR_SUCCESS'], ['5', 'ERROR_ACCESS_DENIED'], ['2', 'ERROR_FILE_NOT_FOUND']]),
  facilities: file('facilities', []),
  ntFacilities: file('nt-facilities', []),
  bugcheck: file('bugcheck', []),
});

const text = (en: string) => ({ en, es: en });
const article = (id: string, codes: unknown[]) =>
  articleSchema.parse({
    id, codes, title: text('t'), summary: text('s'), appearsIn: ['network'], aliases: { en: ['an alias'], es: ['un alias'] },
    references: [{ title: 'r', url: 'https://learn.microsoft.com/r' }],
    causes: ['one', 'two'].map((c) => ({ id: c, title: text(c), description: text(c), prior: 0.5, steps: [{ title: text('t'), why: text('w'), admin: false, risk: 'safe', verify: text('v') }] })),
  });

test('failures are HRESULT errors, NTSTATUS errors and Win32 errors as HRESULTs, counted once; success and warnings are not', () => {
  const exactOnly = headerCoverage(tables, [article('access-denied', [{ code: '0x80070005', names: ['E_ACCESSDENIED'] }])]);
  // 0x80070005 (E_ACCESSDENIED and Win32 5), 0x80070002, 0x80240001, 0x8024A000, 0xC0000005.
  expect(exactOnly).toEqual({ failureCodes: 5, exact: 1, byFamily: 0 });
});

test('a family article reaches every failure in its range that no specific article owns', () => {
  const withFamily = headerCoverage(tables, [
    article('access-denied', [{ code: '0x80070005', names: [] }]),
    article('wu-client-error', [{ range: { from: '0x80240000', to: '0x8024FFFF' }, label: 'Windows Update client' }]),
    article('wu-au-error', [{ code: '0x8024A000', names: [] }]),
  ]);
  expect(withFamily).toEqual({ failureCodes: 5, exact: 2, byFamily: 1 });
});
