// The reader of Microsoft's localised error code pages, on excerpts copied from the `live`
// branches of win32-pr.es-es (isabella232 mirror), .de-de, .fr-fr, .ru-ru and .zh-tw.
import { pageText, parseErrorCodePage } from '../../scripts/localised-messages';

// es: desktop-src/Debug/system-error-codes--0-499-.md
const SYSTEM_PAGE = `<dl> <dt>

<span id="ERROR_SUCCESS"></span><span id="error_success"></span>**ERROR \\_ CORRECTO**
</dt> <dd> <dl> <dt>

0 (0x0)
</dt> <dt>



La operación se ha completado correctamente.


</dt> </dl> </dd> <dt>

<span id="ERROR_FILE_NOT_FOUND"></span><span id="error_file_not_found"></span>**ARCHIVO \\_ DE ERROR NO \\_ \\_ ENCONTRADO**
</dt> <dd> <dl> <dt>

2 (0x2)
</dt> <dt>



El sistema no encuentra el archivo especificado.


</dt> </dl> </dd> </dl>

## <a name="requirements"></a>Requisitos
`;

// de: desktop-src/com/com-error-codes-1.md (the value in its own cell or run into the bold name)
const COM_TABLE = String.raw`| <span id="E_NOTIMPL"></span><span id="e_notimpl"></span><dl> <dt>**E \_ NOTIMPL-0x80004001**</dt> <dt></dt> </dl>                                                                                                                               | Nicht implementiert<br/>                                                                                                         |
| <span id="E_OUTOFMEMORY"></span><span id="e_outofmemory"></span><dl> <dt>**E \_ OUTOFMEMORY**</dt> <dt>0x8007000E</dt> </dl>                                                                                                                   | Nicht genügend Arbeitsspeicher<br/>                                                                                                       |
| <span id="CO_E_RUNAS_SYNTAX"></span><span id="co_e_runas_syntax"></span><dl> <dt>**CO \_ E \_ RUNAS \_ SYNTAX**</dt> <dt>0x80004017</dt> </dl>                                                                                                     | Eine RunAs-Spezifikation muss <domain name> \\ <user name> oder einfach <user name> sein. <br/>                      |
`;

// es: desktop-src/com/com-error-codes-10.md, a COM page laid out as a list
const COM_LIST = String.raw`<span id="UI_E_CREATE_FAILED"></span><span id="ui_e_create_failed"></span>**ERROR EN \_ LA CREACIÓN DE LA INTERFAZ DE USUARIO \_ \_ E**
</dt> <dd> <dl> <dt>

0x802A0001
</dt> <dt>



No se pudo crear el objeto.


</dt> </dl> </dd> <dt>
`;

// Numbers as machine translation left them: fr, ru, zh-TW, de, and fr's range heading.
const GARBLED = String.raw`<span id="ERROR_HANDLE_EOF"></span><span id="error_handle_eof"></span>**\_EOF de handle d’erreur \_**
</dt> <dd> <dl> <dt>

38 (égale 0x26)
</dt> <dt>



La fin du fichier a été atteinte.


</dt> </dl> </dd> <dt>

<span id="ERROR_BAD_ARGUMENTS"></span><span id="error_bad_arguments"></span>**ошибочные \_ \_ аргументы**
</dt> <dd> <dl> <dt>

160 (0X82)
</dt> <dt>



Один или несколько аргументов неверны.


</dt> </dl> </dd> <dt>

<span id="ERROR_DEVICE_SUPPORT_IN_PROGRESS"></span><span id="error_device_support_in_progress"></span>**錯誤 \_ 裝置 \_ 支援 \_ \_ 進行中**
</dt> <dd> <dl> <dt>

171 (0xAB) 
</dt> <dt>



裝置的命令支援偵測正在進行中。


</dt> </dl> </dd> <dt>

<span id="ERROR_CRASH_DUMP"></span><span id="error_crash_dump"></span>**Fehler \_ Absturz Abbild \_**
</dt> <dd> <dl> <dt>

753 (0x2F)
</dt> <dt>



Absturz Abbild ist in Auslagerungs Datei vorhanden.


</dt> </dl> </dd> <dt>
<span id="ERROR_EXCEPTION_IN_RESOURCE_CALL"></span><span id="error_exception_in_resource_call"></span>**Fehler \_ Ausnahme \_ beim \_ Ressourcen \_ Rückruf.**
</dt> <dd> <dl> <dt>

5930 (0x172 a)
</dt> <dt>



Beim Abrufen der Ressourcen-DLL wurde eine nicht behandelte Ausnahme ausgelöst.


</dt> </dl> </dd> <dt>

<span id="ERROR_INTERNET__"></span><span id="error_internet__"></span>**ERREUR \_ Internet\_\***
</dt> <dd> <dl> <dt>

12000-12175 (0x2EE0)
</dt> <dt>



Consultez [codes d’erreur Internet](../wininet/wininet-errors.md) et wininet. h.


</dt> </dl> </dd> <dt>
`;

describe('parseErrorCodePage', () => {
  it('reads name, value and translated message from a system error page, not the translated name', () => {
    expect(parseErrorCodePage(SYSTEM_PAGE)).toEqual([
      { name: 'ERROR_SUCCESS', value: 0, candidates: [0], text: 'La operación se ha completado correctamente.', written: '0 (0x0)' },
      { name: 'ERROR_FILE_NOT_FOUND', value: 2, candidates: [2], text: 'El sistema no encuentra el archivo especificado.', written: '2 (0x2)' },
    ]);
  });

  it('reads the COM table rows, wherever the row puts the value', () => {
    const rows = parseErrorCodePage(COM_TABLE);
    expect(rows.map((r) => [r.name, r.value, r.text])).toEqual([
      ['E_NOTIMPL', 0x80004001, 'Nicht implementiert'],
      ['E_OUTOFMEMORY', 0x8007000e, 'Nicht genügend Arbeitsspeicher'],
      ['CO_E_RUNAS_SYNTAX', 0x80004017, 'Eine RunAs-Spezifikation muss <domain name> \\ <user name> oder einfach <user name> sein.'],
    ]);
  });

  it('reads a COM page laid out as a list, with the hex value alone', () => {
    expect(parseErrorCodePage(COM_LIST)).toEqual([
      { name: 'UI_E_CREATE_FAILED', value: 0x802a0001, candidates: [0x802a0001], text: 'No se pudo crear el objeto.', written: '0x802A0001' },
    ]);
  });

  it('takes a number whose decimal and hex agree despite words around them, and leaves the rest open', () => {
    const [eof, badArguments, inProgress, crashDump, resourceCall, internet] = parseErrorCodePage(GARBLED);
    expect(eof).toMatchObject({ value: 38, text: 'La fin du fichier a été atteinte.' });
    expect(inProgress).toMatchObject({ value: 171, text: '裝置的命令支援偵測正在進行中。' });
    // A hex cut short or split by a space still confirms its decimal: 753 is 0x2F1, 5930 is 0x172A.
    expect(crashDump).toMatchObject({ name: 'ERROR_CRASH_DUMP', value: 753 });
    expect(resourceCall).toMatchObject({ name: 'ERROR_EXCEPTION_IN_RESOURCE_CALL', value: 5930 });
    // 0X82 is 130, not 160: the importer settles it by the name in the headers.
    expect(badArguments).toMatchObject({ name: 'ERROR_BAD_ARGUMENTS', value: undefined, candidates: [160, 130] });
    // A range of codes is not a code.
    expect(internet).toMatchObject({ name: 'ERROR_INTERNET__', value: undefined });
  });
});

// MicrosoftDocs/win32 (English): two codes of desktop-src/Debug/system-error-codes--0-499-.md, no
// list tags, and the heading that closes every page.
const ENGLISH_PAGE = `<span id="ERROR_WRONG_DISK"></span><span id="error_wrong_disk"></span>**ERROR\\_WRONG\\_DISK**
   

34 (0x22)
 



The wrong diskette is in the drive. Insert %2 (Volume Serial Number: %3) into drive %1.


   

<span id="ERROR_SHARING_BUFFER_EXCEEDED"></span><span id="error_sharing_buffer_exceeded"></span>**ERROR\\_SHARING\\_BUFFER\\_EXCEEDED**
   

36 (0x24)
 



Too many files opened for sharing.


   


## Requirements

| Requirement | Value |
`;

describe('parseErrorCodePage on the English pages', () => {
  it('reads the paragraphs of the system error pages, the last code up to the next heading', () => {
    expect(parseErrorCodePage(ENGLISH_PAGE).map((p) => [p.name, p.value, p.text])).toEqual([
      ['ERROR_WRONG_DISK', 34, 'The wrong diskette is in the drive. Insert %2 (Volume Serial Number: %3) into drive %1.'],
      ['ERROR_SHARING_BUFFER_EXCEEDED', 36, 'Too many files opened for sharing.'],
    ]);
  });
});

describe('pageText', () => {
  // No page of today's snapshots carries one; this is the layout older localised pages used.
  it('keeps the translated text and drops the English original of a sxs-lookup span', () => {
    const cell = '<span data-ttu-id="a1b2c-101"><span class="sxs-lookup"><span data-stu-id="a1b2c-101">Access is denied.</span></span>Acceso denegado.</span><br/>';
    expect(pageText(cell)).toBe('Acceso denegado.');
  });
  it('turns links and autolinks into their text and decodes entities', () => {
    expect(pageText('Consulte <https://go.microsoft.com/fwlink/p/?linkid=168895> y [códigos](../x.md) &lt;dominio&gt;'))
      .toBe('Consulte https://go.microsoft.com/fwlink/p/?linkid=168895 y códigos <dominio>');
  });
});
