// Localised messages as they reach us from users' consoles and chats: bytes that Python printed
// as escapes in the console's code page, Chinese messages run into the sentence around them, and
// the prose in every language the bot reads that must still find nothing. The pastes are written
// here; the messages are the catalog's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCode } from '../../src/engine/codes/decode';
import { decodeByteEscapes } from '../../src/engine/messages/byte-escapes';
import { lookup, type Match } from '../../src/engine/lookup';
import { isError, realEngine } from '../support/engine';

const { engine } = realEngine();
const first = (text: string): Match | undefined => lookup(engine, text).matches[0];
/** A Win32 error, however the match names it (Win32 value or the HRESULT that wraps it). */
const isWin32 = (m: Match | undefined, value: number) => isError(m, 'win32', value);

describe('escaped bytes are read in the code page that wrote them', () => {
  test.each([
    ['code page 850, a Spanish á', "b'lo est\\xa0 utilizando'", "b'lo está utilizando'"],
    ['code page 850, Portuguese ã and í', 'N\\xc6o foi poss\\xa1vel', 'Não foi possível'],
    ['code page 1252, where 850 would give no letter', 'O m\\xf3dulo n\\xe3o', 'O módulo não'],
    ['code page 866, Russian', '\\x8d\\xa5 \\xad\\xa0\\xa9\\xa4\\xa5\\xad', 'Не найден'],
    ['code page 936, Chinese', '\\xcf\\xb5\\xcd\\xb3\\xd5\\xd2\\xb2\\xbb\\xb5\\xbd', '系统找不到'],
    ['UTF-8', 'no est\\xc3\\xa1 disponible', 'no está disponible'],
  ])('%s', (_page, escaped, text) => {
    expect(decodeByteEscapes(escaped)?.text).toBe(text);
  });

  test('each decoded character points back at its escapes, so the paste is quoted as written', () => {
    const escaped = 'x \\xcf\\xb5\\xcd\\xb3 y';
    const d = decodeByteEscapes(escaped)!;
    expect(d.text).toBe('x 系统 y');
    expect([d.origin(2), d.origin(3), d.origin(4), d.origin(d.text.length)]).toEqual([2, 10, 18, escaped.length]);
  });

  test.each([
    ['no escapes at all', 'C:\\Windows\\System32'],
    ['escapes of ASCII only, as in a path', 'C:\\x64\\tools'],
  ])('%s are left alone', (_what, text) => {
    expect(decodeByteEscapes(text)).toBeNull();
  });
});

describe('a message printed as Python bytes is found', () => {
  test.each([
    ['Spanish in code page 850', "stderr: b'El proceso no puede obtener acceso al archivo porque otro proceso lo est\\xa0 utilizando.\\r\\n'", 0x20],
    ['Portuguese in code page 850', "Falha: b'N\\xc6o foi poss\\xa1vel encontrar o procedimento especificado.\\r\\n'", 0x7f],
    ['Russian in code page 866', "Ошибка запуска: b'\\x8d\\xa5 \\xad\\xa0\\xa9\\xa4\\xa5\\xad \\xe3\\xaa\\xa0\\xa7\\xa0\\xad\\xad\\xeb\\xa9 \\xac\\xae\\xa4\\xe3\\xab\\xec.\\r\\n'", 0x7e],
    ['Chinese in code page 936', "CalledProcessError output=b'\\xcf\\xb5\\xcd\\xb3\\xd5\\xd2\\xb2\\xbb\\xb5\\xbd\\xd6\\xb8\\xb6\\xa8\\xb5\\xc4\\xce\\xc4\\xbc\\xfe\\xa1\\xa3\\r\\n'", 0x2],
    ['Spanish in UTF-8', "b'El servidor RPC no est\\xc3\\xa1 disponible.'", 0x6ba],
  ])('%s', (_how, paste, value) => {
    const m = first(paste);
    expect(isWin32(m, value)).toBe(true);
    expect(m?.source).toBe('message');
    // What matched is quoted as the user pasted it, escapes and all.
    expect(m?.found?.some((f) => paste.includes(f))).toBe(true);
  });
});

describe('a Chinese message run into the sentence around it is found', () => {
  test.each([
    ['glued to an English exception name', '运行脚本时报错FileNotFoundError系统找不到指定的文件。请问怎么解决', 0x2],
    ['with the placeholder left out and Latin letters glued to it', '双击安装包后提示不是有效的win32应用程序，换了电脑也一样', 0xc1],
    ['a four-character message right after the verb that reports it', '还原的时候一直提示句柄无效\n重启也没用', 0x6],
  ])('%s', (_how, paste, value) => {
    const m = first(paste);
    expect(isWin32(m, value)).toBe(true);
    expect(m?.source).toBe('message');
  });

  test('the same four characters inside a sentence, words on both sides, are not an error', () => {
    expect(lookup(engine, '我们讨论了句柄无效果的问题，然后一起去吃饭').matches).toEqual([]);
  });
});

describe('ordinary prose in the other languages is not an error', () => {
  test.each([
    ['German', 'Hallo zusammen, ich bin bis Montag, den 14. Dezember, nicht im Büro und lese E-Mails nur eingeschränkt. In dringenden Fällen wendet euch bitte an Maria unter der Durchwahl 4512. Danke!'],
    ['French', "Bonjour à tous, je serai absent du bureau jusqu'au lundi 14 décembre avec un accès limité à mes e-mails. Pour toute urgence, contactez Maria au poste 4512. Merci !"],
    ['Italian', "Ciao a tutti, sarò fuori ufficio fino a lunedì 14 dicembre con accesso limitato alla posta. Per qualsiasi urgenza contattate Maria all'interno 4512. Grazie!"],
    ['Portuguese', 'Olá a todos, estarei fora do escritório até segunda-feira, 14 de dezembro, com acesso limitado ao e-mail. Para qualquer urgência, falem com a Maria no ramal 4512. Obrigado!'],
    ['Russian', 'Всем привет! Я в отпуске до понедельника, 14 декабря, и почту читаю редко. По срочным вопросам обращайтесь к Марии по внутреннему номеру 4512. Спасибо!'],
    ['Simplified Chinese', '大家好，我十二月十四日星期一之前不在办公室，只能偶尔查看邮件。如有急事，请拨打分机4512联系玛丽亚。谢谢！'],
    ['Simplified Chinese that mentions access and files', '下周一我们会拒绝访问旧的共享文件夹，请大家提前把需要的文件复制到新的位置。'],
  ])('%s finds nothing', (_lang, prose) => {
    expect(lookup(engine, prose).matches).toEqual([]);
  });
});

describe("every text of the real-wording files is found as Windows' own", () => {
  // Read from catalog/codes/messages-windows-*.json, the files the engine loads.
  const dir = join(__dirname, '..', '..', 'catalog', 'codes');
  const rows = readdirSync(dir)
    .filter((f) => /^messages-windows-[A-Za-z-]+\.json$/.test(f))
    .flatMap((f) => {
      const file = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { lang: string; entries: { kind: string; value: string; text: string }[] };
      return file.entries.map((e) => [`${file.lang} ${e.value}`, file.lang, e.kind, parseInt(e.value, 16) >>> 0, e.text] as const);
    });

  test.each(rows)('%s, pasted alone and after an exception name', (_id, lang, kind, value, text) => {
    // Placeholders are filled the way Windows fills them: a file name.
    const filled = text.replace(/%1/g, 'C:\\Tools\\agent.exe');
    for (const paste of [filled, `Unhandled exception: ${filled}`]) {
      const m = first(paste);
      expect(kind === 'win32' ? isWin32(m, value) : m?.code === formatCode(value)).toBe(true);
      expect(m?.source).toBe('message');
      expect(m?.message?.[lang]).toBe(text);
      expect(m?.messageTranslated ?? []).not.toContain(lang);
    }
  });
});
