// npm run bench (second part) — intake figures: screenshot recognition per image, log reading
// throughput, and how a plain text turn fares while four screenshots are being read.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isKnownValue } from '../src/engine/codes/decode';
import { detectingLogReader } from '../src/engine/logs/read-log';
import { resolveNearCodes } from '../src/engine/ocr/resolve-near-codes';
import { FILE_HOST_SUFFIXES, permitFile } from '../src/intake/download-rules';
import { OcrPool, DEFAULT_OCR_POOL_OPTIONS } from '../src/intake/ocr/ocr-pool';
import { readLogFile } from '../src/intake/read-log-file';
import { readScreenshot } from '../src/intake/read-screenshot';
import { loadEngine } from '../src/node/load-engine';
import { activity, post, startTestBot } from '../test/support/bot-server';
import { startFakeTeamsFiles } from '../test/support/fake-teams-files';
import { openDialogCamera, type DialogSpec } from '../test/support/render-dialog';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

const DIALOGS: Omit<DialogSpec, 'theme' | 'scale'>[] = [
  { title: 'Windows Update', lines: ['There were some problems installing updates.', 'Error code: 0x80070005'], button: 'OK' },
  { title: 'Windows Update', lines: ['Hubo problemas al instalar las actualizaciones.', 'Código de error: 0x800F0922'], button: 'Aceptar' },
];

async function screenshots(): Promise<Buffer[]> {
  const camera = await openDialogCamera();
  try {
    const out: Buffer[] = [];
    for (const d of DIALOGS) for (const theme of ['light', 'dark'] as const) for (const scale of [1, 1.5, 2]) out.push(await camera.shoot({ ...d, theme, scale }));
    return out;
  } finally {
    await camera.close();
  }
}

/** A CBS.log-shaped text of about `mb` MB with its failure at the end. */
function bigCbsLog(mb: number): string[] {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const l = `2024-01-15 10:${String(i % 60).padStart(2, '0')}:12, Info                  CSI    0000${(i % 9999).toString(16)} Hashes for file member [l:10]'cbscore.dll' do not match.  Expected: {l:32 ml:33 b:${'ab'.repeat(16)}}.`;
    lines.push(l);
    size += l.length + 1;
  }
  lines.push('2024-01-15 10:59:59, Error                 CBS    Failed to perform operation.  [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]');
  return lines;
}

async function main(): Promise<void> {
  console.log(`\nHelpdesk Triage intake benchmark — ${new Date().toISOString()} — OCR threads: ${DEFAULT_OCR_POOL_OPTIONS.size}`);
  const { engine } = loadEngine();
  const isKnown = (v: number) => isKnownValue(engine.tables, v) || engine.articles.defines(v);

  // 1. Recognition per screenshot (12 dialogs: English and Spanish, light and dark, 100/150/200 %).
  const shots = await screenshots();
  const pool = new OcrPool();
  const t0 = performance.now();
  await pool.start();
  console.log(`OCR pool start (trained data loaded): ${ms(performance.now() - t0)}`);
  const times: number[] = [];
  let right = 0;
  for (let round = 0; round < 2; round++) {
    for (const [i, png] of shots.entries()) {
      const s = performance.now();
      const r = await readScreenshot(pool, png, isKnown);
      times.push(performance.now() - s);
      if (r.text.includes(i < 6 ? '0x80070005' : '0x800F0922')) right++;
    }
  }
  console.log(`recognition per screenshot (${times.length} reads): p50 ${ms(pct(times, 0.5))}, p99 ${ms(pct(times, 0.99))}; code read right ${right}/${times.length}`);
  await pool.close();

  // 2. Log reading throughput: the reader alone, and downloaded over loopback HTTP through it.
  const lines = bigCbsLog(50);
  const bytes = lines.reduce((n, l) => n + l.length + 1, 0);
  let s = performance.now();
  const r = detectingLogReader();
  for (const l of lines) r.push(l);
  const finding = r.finish();
  const readerMs = performance.now() - s;
  console.log(`log reader, ${(bytes / 1048576).toFixed(0)} MB CBS.log: ${(bytes / 1048576 / (readerMs / 1000)).toFixed(0)} MB/s (found ${finding?.code} at line ${finding?.decisive.at(-1)?.n})`);
  const body = Buffer.from(lines.join('\n'));
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.byteLength) });
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/CBS.log`;
  s = performance.now();
  const viaHttp = await readLogFile(permitFile(url, { serviceUrl: url, anonymous: true, fileHostSuffixes: FILE_HOST_SUFFIXES }), { maxBytes: 64 * 1048576, timeoutMs: 60_000 });
  const httpMs = performance.now() - s;
  server.close();
  console.log(`log file over HTTP (download + decode + read): ${(bytes / 1048576 / (httpMs / 1000)).toFixed(0)} MB/s (${viaHttp.ok ? viaHttp.finding?.code : viaHttp.reason})`);

  // Near-code resolution on 28 KB of adversarial input (each token has 2^8 readings).
  const adversarial = '8B8B8B8B '.repeat(3200);
  s = performance.now();
  for (let i = 0; i < 20; i++) resolveNearCodes(adversarial, { isKnown });
  console.log(`near-code resolution, 28 KB of "8B8B8B8B ": ${((performance.now() - s) / 20).toFixed(2)} ms per text`);

  // 3. A plain text turn's latency alone, then while four screenshots are read at once.
  const teams = await startFakeTeamsFiles();
  const bot = await startTestBot({}, {});
  const textTurn = async () => {
    const t = performance.now();
    await post(bot, activity(bot, { text: 'error 0x80070005', conversation: { id: `bench-text-${Math.random()}`, conversationType: 'personal' } }));
    return performance.now() - t;
  };
  const alone: number[] = [];
  for (let i = 0; i < 200; i++) alone.push(await textTurn());
  const urls = shots.slice(0, 4).map((png, i) => teams.put(`/v3/attachments/b${i}/views/original`, { body: png, contentType: 'image/png' }));
  // Warm the pool, so the figure is about reading, not starting.
  await post(bot, activity(bot, { serviceUrl: `${teams.url}/`, attachments: [{ contentType: 'image/*', contentUrl: urls[0] }], conversation: { id: 'bench-warm', conversationType: 'personal' } }));
  const during: number[] = [];
  let reading = true;
  const images = Promise.all(
    urls.map((u, i) => post(bot, activity(bot, { serviceUrl: `${teams.url}/`, attachments: [{ contentType: 'image/*', contentUrl: u }], conversation: { id: `bench-img-${i}`, conversationType: 'personal' } }))),
  ).then(() => (reading = false));
  const started = performance.now();
  while (reading) during.push(await textTurn());
  await images;
  const imagesMs = performance.now() - started;
  console.log(`plain text turn alone (${alone.length}): p50 ${pct(alone, 0.5).toFixed(1)} ms, p99 ${pct(alone, 0.99).toFixed(1)} ms`);
  console.log(`plain text turn while 4 screenshots are read (${during.length} turns in ${ms(imagesMs)}): p50 ${pct(during, 0.5).toFixed(1)} ms, p99 ${pct(during, 0.99).toFixed(1)} ms`);
  await bot.close();
  await teams.close();
}

void main();
