// The Teams app package: a manifest Teams accepts (checked offline against the schema that
// @microsoft/app-manifest bundles), icons of the sizes Teams requires, commands the bot answers,
// and the packager's zip with the app id filled in.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TeamsManifestLatest } from '@microsoft/app-manifest';
import { strFromU8, unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { bundledSchemaPath, fillPlaceholders, packageApp, PLACEHOLDER_GUID, schemaProblems } from '../../scripts/package-app';
import { say, toLocale } from '../../src/conversation/strings';
import { projectRoot, readStrings } from '../../src/node/load-engine';
import { Chat } from '../support/conversation';
import { parseTicketCommand } from '../../src/host/escalation';
import { TRIAGE_MESSAGE_COMMAND } from '../../src/host/message-action';

const strings = readStrings();
const TEST_GUID = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const root = projectRoot();
const dir = join(root, 'manifest');

type Manifest = TeamsManifestLatest;
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const template = readJson('manifest.json') as Parameters<typeof fillPlaceholders>[0];
const spanish = readJson('es.json') as Record<string, string>;
const filled = fillPlaceholders(template, { BOT_ID: TEST_GUID, TEAMS_APP_ID: TEST_GUID });
const manifest = filled.manifest as unknown as Manifest;
const bot = manifest.bots![0]!;
const search = manifest.composeExtensions![0]!;
/** The ids Teams and the Bot Framework look the app up by. */
const ids = (m: Manifest) => [m.id, m.bots?.[0]?.botId, m.composeExtensions?.[0]?.botId];
/** For the schema checker, which takes any JSON document. */
const asDoc = (x: unknown) => x as Parameters<typeof schemaProblems>[0];

describe('manifest.json', () => {
  test('has only the placeholders the packager fills', () => {
    expect(filled.unknown).toEqual([]);
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(ids(manifest)).toEqual([TEST_GUID, TEST_GUID, TEST_GUID]);
  });

  test('validates against the Teams schema bundled with @microsoft/app-manifest', () => {
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(existsSync(bundledSchemaPath(manifest.manifestVersion))).toBe(true);
    expect(schemaProblems(asDoc(manifest), manifest.manifestVersion)).toEqual([]);
    expect(schemaProblems(spanish, manifest.manifestVersion, 'MicrosoftTeams.Localization.schema.json')).toEqual([]);
  });

  test('is validated offline: a $schema address that cannot be fetched changes nothing', () => {
    // example.invalid never resolves: had the check fetched $schema, it would have thrown.
    const unreachable = { ...manifest, $schema: 'https://example.invalid/MicrosoftTeams.schema.json' };
    expect(schemaProblems(asDoc(unreachable), manifest.manifestVersion)).toEqual([]);
  });

  test('the schema check catches a broken manifest and a broken language file', () => {
    const broken = { ...manifest, id: 'not-a-guid', bots: [{ ...bot, scopes: ['everywhere'] }] };
    const problems = schemaProblems(asDoc(broken), manifest.manifestVersion);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^\/id /), expect.stringMatching(/^\/bots\/0\/scopes\/0 /)]));
    const misspelt = { ...spanish, 'bots[0].commandList[0].commands[0].title': 'ayuda' };
    expect(schemaProblems(misspelt, manifest.manifestVersion, 'MicrosoftTeams.Localization.schema.json')).toEqual([
      expect.stringMatching(/must NOT have additional properties.*commandList\[0\]/),
    ]);
  });

  test('is the Helpdesk Triage bot in personal chats, teams and group chats', () => {
    expect(manifest.name.short).toBe('Helpdesk Triage');
    expect([...(bot.scopes ?? [])].sort()).toEqual(['groupChat', 'personal', 'team']);
    const lists = bot.commandLists ?? [];
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) expect(list.commands.map((c) => c.title)).toEqual(['help', 'restart', 'escalate', 'my tickets']);
  });

  test('offers the commands in Spanish too', () => {
    const lists = bot.commandLists ?? [];
    expect(lists.length).toBe(3);
    lists.forEach((_, l) => {
      expect([0, 1, 2, 3].map((c) => spanish[`bots[0].commandLists[${l}].commands[${c}].title`])).toEqual(['ayuda', 'reiniciar', 'escalar', 'mis tickets']);
    });
  });

  test('has a search message extension to look up an error code', () => {
    const [command, ...others] = search.commands ?? [];
    expect(others.map((c) => c.id)).toEqual([TRIAGE_MESSAGE_COMMAND]);
    expect(command).toMatchObject({ id: 'lookupError', type: 'query', title: 'Look up error', parameters: [{ name: 'code' }] });
    expect(command?.parameters?.[0]?.description).toMatch(/\w/);
  });

  test('has the "Triage this message" action in the message menu, answering privately or in the thread', () => {
    const action = search.commands?.find((c) => c.id === TRIAGE_MESSAGE_COMMAND);
    expect(action).toMatchObject({ type: 'action', title: 'Triage this message', context: ['message'], fetchTask: false });
    expect(action?.parameters?.[0]?.choices?.map((c) => c.value)).toEqual(['private', 'thread']);
    expect(spanish['composeExtensions[0].commands[1].title']).toBe('Analizar este mensaje');
  });

  test('receives files in personal chats', () => {
    expect(bot.supportsFiles).toBe(true);
  });
});

describe('every command Teams suggests is one the bot answers, not a paste to look up', () => {
  const commands = [
    ...(bot.commandLists?.[0]?.commands ?? []).map((c) => ['en-US', c.title]),
    ...Object.entries(spanish)
      .filter(([k]) => /^bots\[0\]\.commandLists\[0\]\.commands\[\d+\]\.title$/.test(k))
      .map(([, title]) => ['es-ES', title]),
  ] as [string, string][];
  for (const [locale, title] of commands) {
    test(`"${title}" (${locale})`, () => {
      // Ticket commands are answered by the host before the conversation sees them.
      if (parseTicketCommand(title)) return;
      const [first] = new Chat(locale).send(title);
      expect(first?.view).not.toMatch(/^(identification|choose-code)$/);
      expect(first).not.toEqual({ view: 'text', text: say(strings, toLocale(locale), 'no-code') });
    });
  }
  test('the ticket commands are recognised', () => {
    expect(commands.map(([, t]) => t).filter((t) => parseTicketCommand(t))).toEqual(expect.arrayContaining(['my tickets', 'mis tickets']));
  });
});

describe('the icons', () => {
  const png = (file: string) => PNG.sync.read(readFileSync(join(dir, file)));

  test('are 192×192 in colour and 32×32 in outline', () => {
    const color = png(manifest.icons.color);
    const outline = png(manifest.icons.outline);
    expect([color.width, color.height, outline.width, outline.height]).toEqual([192, 192, 32, 32]);
  });

  test('the outline is white on a really transparent background', () => {
    const { data } = png(manifest.icons.outline);
    let transparent = 0;
    let visible = 0;
    let notWhite = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) transparent++;
      else {
        visible++;
        if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) notWhite++;
      }
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.3);
    expect(visible).toBeGreaterThan(0);
    expect(notWhite).toBe(0);
  });
});

describe('the packager', () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'app-package-'));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  const unzip = (path: string) => unzipSync(readFileSync(path));

  test('zips the manifest, its language file and the icons at the root, with the app id filled in', () => {
    const result = packageApp({ root, outDir: out, env: { MicrosoftAppId: TEST_GUID } });
    expect(result.zipPath).toBe(join(out, 'appPackage.zip'));
    const files = unzip(result.zipPath);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'es.json', 'manifest.json', 'outline.png']);
    const inside = JSON.parse(strFromU8(files['manifest.json']!)) as Manifest;
    expect(ids(inside)).toEqual([TEST_GUID, TEST_GUID, TEST_GUID]);
    expect(strFromU8(files['manifest.json']!)).not.toContain('${{');
    expect(Buffer.from(files['color.png']!).equals(readFileSync(join(dir, 'color.png')))).toBe(true);
    expect(Buffer.from(files['outline.png']!).equals(readFileSync(join(dir, 'outline.png')))).toBe(true);
    expect(result.log.join('\n')).toMatch(/MicrosoftAppId/);
  });

  test('without MicrosoftAppId it says what is missing and writes nothing', () => {
    expect(() => packageApp({ root, outDir: out, env: {} })).toThrow(/MicrosoftAppId[\s\S]*--allow-placeholder/);
    expect(readdirSync(out)).toEqual([]);
  });

  test('a MicrosoftAppId that is not a GUID is named as such', () => {
    expect(() => packageApp({ root, outDir: out, env: { MicrosoftAppId: 'my-bot' } })).toThrow('MicrosoftAppId must be a GUID, got "my-bot"');
  });

  test('with --allow-placeholder it uses the all-zero GUID and says the package will not install', () => {
    const result = packageApp({ root, outDir: out, env: {}, allowPlaceholder: true });
    const inside = JSON.parse(strFromU8(unzip(result.zipPath)['manifest.json']!)) as Manifest;
    expect(ids(inside)).toEqual([PLACEHOLDER_GUID, PLACEHOLDER_GUID, PLACEHOLDER_GUID]);
    expect(result.log.join('\n')).toMatch(/will not install/);
  });
});
