// The download rules over real HTTP: the token goes to the Bot Connector's origin and nowhere else,
// other hosts get no request at all, redirects stay on their origin, and size, time and content
// checks turn into refusals the bot can explain.
import { deflateSync } from 'node:zlib';
import { fetchImage } from '../../src/intake/fetch-image';
import { FILE_HOST_SUFFIXES, permitFile, permitImage, REFUSAL_REASONS, type DownloadPolicy } from '../../src/intake/download-rules';
import { readStrings } from '../../src/node/load-engine';
import { readLogFile } from '../../src/intake/read-log-file';
import { startFakeTeamsFiles, type FakeTeamsFiles } from '../support/fake-teams-files';

const TOKEN = 'bot-token-for-this-test';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f4bd6b0000000049454e44ae426082', 'hex');
const limits = { maxBytes: 1024 * 1024, timeoutMs: 2000, maxPixels: 40_000_000, token: async () => TOKEN };

let teams: FakeTeamsFiles;
let elsewhere: FakeTeamsFiles;
let policy: DownloadPolicy;
beforeAll(async () => {
  teams = await startFakeTeamsFiles();
  elsewhere = await startFakeTeamsFiles();
  policy = { serviceUrl: `${teams.url}/`, anonymous: true, fileHostSuffixes: FILE_HOST_SUFFIXES };
});
afterAll(async () => {
  await teams.close();
  await elsewhere.close();
});
beforeEach(() => {
  teams.seen.length = 0;
  elsewhere.seen.length = 0;
});

describe('which URLs may be fetched, and with the token', () => {
  const prod: DownloadPolicy = { serviceUrl: 'https://smba.trafficmanager.net/amer/', anonymous: false, fileHostSuffixes: FILE_HOST_SUFFIXES };
  test.each([
    ['image on the Bot Connector', 'image', 'https://smba.trafficmanager.net/amer/v3/attachments/0-abc/views/original', 'token'],
    ['image on another host', 'image', 'https://evil.example/v3/attachments/1/views/original', 'image-host'],
    ['image on the Connector host over http', 'image', 'http://smba.trafficmanager.net/amer/v3/attachments/1', 'image-host'],
    ['image on the Connector host, other port', 'image', 'https://smba.trafficmanager.net:444/amer/v3/attachments/1', 'image-host'],
    ['file on a OneDrive for Business host', 'file', 'https://contoso-my.sharepoint.com/personal/ana/_layouts/15/download.aspx?UniqueId=1', 'no token'],
    ['file on a SharePoint site', 'file', 'https://contoso.sharepoint.com/sites/it/_layouts/15/download.aspx?UniqueId=2', 'no token'],
    ['file on a look-alike host', 'file', 'https://contoso.sharepoint.com.evil.example/download', 'file-host'],
    ['file on the bare suffix', 'file', 'https://sharepoint.com/download', 'file-host'],
    ['file over http', 'file', 'http://contoso.sharepoint.com/download', 'not-https'],
    ['file on the Bot Connector (it never serves files)', 'file', 'https://smba.trafficmanager.net/amer/v3/attachments/1', 'file-host'],
  ])('%s', (_what, kind, url, expected) => {
    const p = kind === 'image' ? permitImage(url, prod) : permitFile(url, prod);
    expect(p.ok ? (p.sendToken ? 'token' : 'no token') : p.reason).toBe(expected);
  });

  test('in anonymous local mode only loopback URLs are fetched', () => {
    const local: DownloadPolicy = { serviceUrl: 'http://127.0.0.1:3978/', anonymous: true, fileHostSuffixes: FILE_HOST_SUFFIXES };
    expect(permitFile('https://contoso-my.sharepoint.com/x', local)).toMatchObject({ ok: false, reason: 'file-host' });
    expect(permitFile('http://127.0.0.1:4000/x.log', local)).toMatchObject({ ok: true });
    expect(permitImage('http://127.0.0.1:3978/v3/attachments/1', local)).toMatchObject({ ok: true, sendToken: true });
  });
});

describe('images over HTTP', () => {
  test('an image on the serviceUrl origin is fetched with the bearer token', async () => {
    const url = teams.put('/v3/attachments/a1/views/original', { body: PNG, contentType: 'image/png', token: TOKEN });
    const r = await fetchImage(permitImage(url, policy), limits);
    expect(r).toMatchObject({ ok: true, format: 'png' });
    expect(teams.seen).toEqual([{ path: '/v3/attachments/a1/views/original', authorization: `Bearer ${TOKEN}` }]);
  });

  test('an image on another host receives no request at all', async () => {
    const url = elsewhere.put('/steal', { body: PNG, contentType: 'image/png' });
    const r = await fetchImage(permitImage(url, policy), limits);
    expect(r).toMatchObject({ ok: false, reason: 'image-host' });
    expect(elsewhere.seen).toEqual([]);
  });

  test('a redirect to another host is not followed, and that host hears nothing', async () => {
    const target = elsewhere.put('/steal', { body: PNG, contentType: 'image/png' });
    const url = teams.put('/v3/attachments/a2/views/original', { body: Buffer.alloc(0), contentType: 'image/png', token: TOKEN, redirect: target });
    const r = await fetchImage(permitImage(url, policy), limits);
    expect(r).toMatchObject({ ok: false, reason: 'redirect' });
    expect(elsewhere.seen).toEqual([]);
  });

  test.each([
    ['a body over the cap, said by content-length', { body: Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]), contentType: 'image/png' }, 'too-large'],
    ['a body over the cap, chunked', { body: Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]), contentType: 'image/png', chunked: true }, 'too-large'],
    ['a server that does not answer in time', { body: PNG, contentType: 'image/png', delayMs: 3000 }, 'timeout'],
    ['a PDF', { body: Buffer.from('%PDF-1.7\n'), contentType: 'application/pdf' }, 'pdf'],
    ['text called an image', { body: Buffer.from('not an image'), contentType: 'image/png' }, 'not-image'],
  ])('%s is refused', async (_what, file, reason) => {
    const url = teams.put(`/v3/attachments/${reason}/views/original`, { ...file, token: TOKEN });
    expect(await fetchImage(permitImage(url, policy), limits)).toMatchObject({ ok: false, reason });
  });
});

describe('log files over HTTP', () => {
  const cbs = '2024-01-15 10:40:13, Info                  CBS    Failed to resolve package [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]\r\n2024-01-15 10:40:13, Error                 CBS    Failed to perform operation.  [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]\r\n';

  test('a file is fetched without the token and read as a log', async () => {
    const url = teams.put('/files/CBS.log', { body: Buffer.from(cbs), contentType: 'application/octet-stream' });
    const r = await readLogFile(permitFile(url, policy), limits);
    expect(r).toMatchObject({ ok: true, finding: { kind: 'cbs', code: '0x800F081F' } });
    expect(teams.seen).toEqual([{ path: '/files/CBS.log', authorization: undefined }]);
  });

  test('a UTF-16 log (as Windows writes some) reads the same', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cbs, 'utf16le')]);
    const url = teams.put('/files/CBS-utf16.log', { body: utf16, contentType: 'text/plain' });
    expect(await readLogFile(permitFile(url, policy), limits)).toMatchObject({ ok: true, finding: { kind: 'cbs', code: '0x800F081F', decisive: [{ n: 1 }, { n: 2 }] } });
  });

  test.each([
    ['a zip', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), deflateSync(Buffer.from(cbs))]), 'application/octet-stream', 'zip'],
    ['a PDF', Buffer.from('%PDF-1.4\n%âãÏÓ\n'), 'application/octet-stream', 'pdf'],
    ['a binary file', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00]), 'application/octet-stream', 'not-text'],
  ])('%s is refused', async (_what, body, contentType, reason) => {
    const url = teams.put(`/files/${reason}`, { body, contentType });
    expect(await readLogFile(permitFile(url, policy), limits)).toMatchObject({ ok: false, reason });
  });

  test('a log larger than the cap is stopped while downloading', async () => {
    const big = Buffer.from(cbs.repeat(20_000));
    const url = teams.put('/files/huge.log', { body: big, contentType: 'text/plain', chunked: true });
    expect(await readLogFile(permitFile(url, policy), limits)).toMatchObject({ ok: false, reason: 'too-large' });
  });
});

test('every refusal has its sentence in English and Spanish', () => {
  const strings = readStrings();
  for (const reason of REFUSAL_REASONS) {
    expect([reason, strings[`intake-refused-${reason}`]?.en]).toEqual([reason, expect.stringMatching(/\w/)]);
    expect([reason, strings[`intake-refused-${reason}`]?.es]).toEqual([reason, expect.stringMatching(/\w/)]);
  }
});
