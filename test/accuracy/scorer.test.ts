// The accuracy scorer's rule: a match is right when it names the expected error in any of its
// equivalent forms, and wrong when it names a different one. Built on the real engine's matches,
// so the test follows the shape `lookup` really returns.
import { lookup } from '../../src/engine/lookup';
import { isRight, type Expected } from '../../scripts/accuracy/is-right';
import { checkExpectations, readCases } from '../../scripts/accuracy/read-cases';
import { projectRoot } from '../../src/node/load-engine';
import { realEngine } from '../support/engine';

const { engine } = realEngine();
const first = (text: string) => {
  const m = lookup(engine, text).matches[0];
  if (!m) throw new Error(`no match for ${text}`);
  return m;
};

const ACCESS_DENIED_WIN32: Expected = { code: '0x00000005', kind: 'win32', name: 'ERROR_ACCESS_DENIED' };
const ACCESS_DENIED_HRESULT: Expected = { code: '0x80070005', kind: 'hresult', name: 'E_ACCESSDENIED' };
const ACCESS_VIOLATION: Expected = { code: '0xC0000005', kind: 'ntstatus', name: 'STATUS_ACCESS_VIOLATION' };

describe('accuracy scorer', () => {
  test('an HRESULT that wraps the expected Win32 error is right, and the reverse', () => {
    expect(isRight(first('0x80070005'), ACCESS_DENIED_WIN32)).toBe(true);
    expect(isRight(first('Win32 error 5'), ACCESS_DENIED_HRESULT)).toBe(true);
  });

  test('HRESULT_FROM_NT of the expected NTSTATUS is right', () => {
    expect(isRight(first('0xD0000005'), ACCESS_VIOLATION)).toBe(true);
    expect(isRight(first('0xC0000005'), ACCESS_VIOLATION)).toBe(true);
  });

  test('a match that only shares the name is right', () => {
    const m = { code: '0x00000000', kind: 'hresult', names: ['ERROR_ACCESS_DENIED'] };
    expect(isRight(m, ACCESS_DENIED_WIN32)).toBe(true);
  });

  test('a different code is wrong, even in the same family', () => {
    expect(isRight(first('0x80070002'), ACCESS_DENIED_WIN32)).toBe(false);
    expect(isRight(first('0xC0000022'), ACCESS_DENIED_WIN32)).toBe(false);
    expect(isRight(first('0x80070005'), ACCESS_VIOLATION)).toBe(false);
  });

  test('a bug check is right only as a bug check of that value (the 0x10000000 format bit aside)', () => {
    const stop: Expected = { code: '0x0000007E', kind: 'bugcheck', name: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED' };
    expect(isRight({ code: '0x0000007E', kind: 'bugcheck', names: [] }, stop)).toBe(true);
    expect(isRight({ code: '0x1000007E', kind: 'bugcheck', names: [] }, stop)).toBe(true);
    // Win32 error 126 has the same number but is not the blue screen.
    expect(isRight({ code: '0x0000007E', kind: 'win32', names: ['ERROR_MOD_NOT_FOUND'] }, stop)).toBe(false);
    expect(isRight({ code: '0x0000007F', kind: 'bugcheck', names: [] }, stop)).toBe(false);
  });

  test('a bug check match is never right for an error of another kind', () => {
    expect(isRight({ code: '0x00000005', kind: 'bugcheck', names: [] }, ACCESS_DENIED_WIN32)).toBe(false);
  });
});

describe('accuracy test set', () => {
  const root = projectRoot();
  const cases = readCases(root);

  test('every expected code and name agree with the catalog', () => {
    expect(checkExpectations(root, cases)).toEqual([]);
  });
});
