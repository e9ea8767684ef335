// npm run catalog:simplified-chinese — writes catalog/codes/messages-zh-CN.json from
// messages-zh-TW.json. Microsoft's Chinese documentation is Traditional (Taiwan); users of
// Simplified Chinese Windows paste Simplified text, with mainland wording (文件 for 檔案), so the
// texts are converted with OpenCC's Taiwan-phrases-to-mainland table. Run it after the import.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';
import type { MessageFile } from '../src/engine/messages/message-tables';

const dir = join(process.cwd(), 'catalog', 'codes');
const source = JSON.parse(readFileSync(join(dir, 'messages-zh-TW.json'), 'utf8')) as MessageFile & { source: string; licence: string };
const convert = OpenCC.Converter({ from: 'twp', to: 'cn' });
const entries = source.entries.map((e) => ({ kind: e.kind, value: e.value, text: convert(e.text) }));
const out = {
  source: `${source.source}, converted to Simplified Chinese with opencc-js (twp → cn)`,
  licence: source.licence,
  lang: 'zh-CN',
  machineTranslated: true,
  entries,
};
writeFileSync(join(dir, 'messages-zh-CN.json'), `${JSON.stringify(out).replace(/\},\{/g, '},\n{')}\n`);
const changed = entries.filter((e, i) => e.text !== source.entries[i]!.text).length;
console.log(`messages-zh-CN.json: ${entries.length} texts, ${changed} changed by the conversion`);
