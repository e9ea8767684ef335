import { lookup } from '../../src/engine/lookup';
import { realEngine } from '../support/engine';

const { engine } = realEngine();

describe('lookup', () => {
  test.each([
    ['Windows Update failed with error 0x800b0004', '0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED'],
    ['HRESULT -2146762748', '0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED'],
    ['2148204548', '0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED'],
    ['trust_e_subject_not_trusted', '0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED'],
  ])('%s → %s %s', (text, code, name) => {
    const [first] = lookup(engine, text).matches;
    expect(first?.code).toBe(code);
    expect(first?.names).toContain(name);
    expect(first?.article).toBe('trust-subject-not-trusted');
  });
});
