// The check by name of the localised import: a page's number is trusted only as far as the SDK
// header catalog agrees with the page's name. Header names as in catalog/codes/*.json.
import { checkedValue, type Report } from '../../scripts/import-localised-messages';
import type { PageMessage } from '../../scripts/localised-messages';

const known = new Map([
  ['0x000000A0', ['ERROR_BAD_ARGUMENTS']],
  ['0x00000082', ['ERROR_SEEK_ON_DEVICE']],
  ['0x80284016', ['TBS_E_DEACTIVATED']],
]);
const valuesOfName = new Map([
  ['win32:ERROR_BAD_ARGUMENTS', new Set(['0x000000A0'])],
  ['hresult:SEC_I_CONTINUE_NEEDED_MESSAGE_OK', new Set(['0x00090366'])],
]);
const page = (name: string, value: number | undefined, candidates: number[] = value === undefined ? [] : [value]): PageMessage =>
  ({ name, value, candidates, text: 'x', written: 'as written' });
const fresh = (): Report => ({ unparsed: [], repaired: [], misplaced: [], otherName: [], noHeader: [], duplicates: [], empty: [] });

describe('checkedValue', () => {
  it('settles a garbled number by the reading the headers give the page name to', () => {
    const report = fresh();
    expect(checkedValue('win32', page('ERROR_BAD_ARGUMENTS', undefined, [160, 130]), 'p.md', known, valuesOfName, report)).toBe('0x000000A0');
    expect(report.repaired).toHaveLength(1);
  });

  it('leaves out a garbled number that no header settles', () => {
    const report = fresh();
    expect(checkedValue('win32', page('PEERDIST_ERROR_NO_MORE', undefined, [4053, 15]), 'p.md', known, valuesOfName, report)).toBeUndefined();
    expect(report.unparsed).toHaveLength(1);
  });

  it('leaves out a code whose name the headers give to another value', () => {
    const report = fresh();
    expect(checkedValue('hresult', page('SEC_I_CONTINUE_NEEDED_MESSAGE_OK', 0x80090366), 'p.md', known, valuesOfName, report)).toBeUndefined();
    expect(report.misplaced).toHaveLength(1);
  });

  it('keeps, and reports, a value the headers lack or name differently', () => {
    const report = fresh();
    expect(checkedValue('win32', page('ERROR_VIRUS_INFECTED', 225), 'p.md', known, valuesOfName, report)).toBe('0x000000E1');
    expect(checkedValue('hresult', page('TBS_E_PROVISIONING_INCOMPLETE', 0x80284016), 'p.md', known, valuesOfName, report)).toBe('0x80284016');
    expect([report.noHeader.length, report.otherName.length]).toEqual([1, 1]);
  });

  it('refuses a Win32 value wider than 16 bits', () => {
    expect(checkedValue('win32', page('ERROR_X', 0x12345), 'p.md', known, valuesOfName, fresh())).toBeUndefined();
  });
});
