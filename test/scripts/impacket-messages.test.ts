// The impacket reader, on lines copied from python3-impacket 0.10.0-4 (hresult_errors.py,
// system_errors.py, nt_errors.py).
import { decodePythonString, parseImpacketMessages } from '../../scripts/impacket-messages';
import { collapseWhitespace } from '../../scripts/message-catalog';

const MODULE = String.raw`# Description:
#   SYSTEM Errors from [MS-ERREF].

ERROR_MESSAGES = {
        0x00000005: ("ERROR_ACCESS_DENIED", "Access is denied."),
        0x0000006a: ("ERROR_SEM_USER_LIMIT", "Insert the diskette for drive %1."),
        0x00000321: ("ERROR_CANNOT_GRANT_REQUESTED_OPLOCK", "An oplock of the requested level cannot be granted.  An oplock of a lower level may be available."),
        0x80004017: ("CO_E_RUNAS_SYNTAX", "A RunAs specification must be <domain name>\\<user name> or simply <user name>."),
        0xC00D0FCD: ("NS_E_FILE_FAILED_CHECKS", "The file cannot be added to the library because it is smaller than the \"Skip files smaller than\" setting."),
        0x00000080: ("STATUS_ABANDONED","The caller attempted to wait for a mutex that has been abandoned."),
        0x00000080: ("STATUS_ABANDONED_WAIT_0","The caller attempted to wait for a mutex that has been abandoned."),
}

# Error Codes

ERROR_SUCCESS                                                            = 0x00000000
`;

describe('parseImpacketMessages', () => {
  const { entries, duplicates } = parseImpacketMessages(MODULE);
  const byValue = new Map(entries.map((e) => [e.value, e]));

  it('reads value, name and message of each entry in the dict, not the constants after it', () => {
    expect(byValue.get(5)).toEqual({ value: 5, name: 'ERROR_ACCESS_DENIED', text: 'Access is denied.' });
    expect(entries.map((e) => e.name)).not.toContain('ERROR_SUCCESS');
    expect(entries).toHaveLength(6);
  });

  it('keeps FormatMessage placeholders as written', () => {
    expect(byValue.get(0x6a)?.text).toBe('Insert the diskette for drive %1.');
  });

  it('decodes escaped quotes and backslashes', () => {
    expect(byValue.get(0x80004017)?.text).toBe('A RunAs specification must be <domain name>\\<user name> or simply <user name>.');
    expect(byValue.get(0xc00d0fcd)?.text).toContain('the "Skip files smaller than" setting');
  });

  it('keeps the last of two entries for one value, as a Python dict does, and reports it', () => {
    expect(byValue.get(0x80)?.name).toBe('STATUS_ABANDONED_WAIT_0');
    expect(duplicates).toEqual([0x80]);
  });

  it('finds nothing in a module without the dict', () => {
    expect(parseImpacketMessages('STATUS_SUCCESS = 0x00000000\n').entries).toEqual([]);
  });
});

describe('decodePythonString', () => {
  it('decodes hex, unicode and octal escapes and keeps an unknown escape with its backslash', () => {
    expect(decodePythonString(String.raw`caf\xe9 \u00e9\101 \d`)).toBe('café éA \\d');
  });
  it('leaves a raw string as written', () => {
    expect(decodePythonString(String.raw`C:\new`, true)).toBe('C:\\new');
  });
});

describe('collapseWhitespace', () => {
  it('turns the double spaces and line breaks of a message into single spaces', () => {
    expect(collapseWhitespace(' An oplock of the requested level cannot be granted.  An oplock\n of a lower level may be available. '))
      .toBe('An oplock of the requested level cannot be granted. An oplock of a lower level may be available.');
  });
});
