// End to end, as a person sees it: the real bot, the Microsoft 365 Agents Playground pointed at it,
// and Debian's Chromium showing the Playground's page. Screenshots of every step go to
// test-artifacts/e2e/. Nothing leaves 127.0.0.1 and nobody signs in.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/host/logger';
import { startBot } from '../../src/host/start-bot';
import { CHROMIUM, openBrowser, recordSteps, type LoopbackBrowser } from './open-browser';
import { startPlayground, type Playground } from './start-playground';

const ARTIFACTS = resolve(__dirname, '../../test-artifacts/e2e');
/** A bot turn through the Playground takes under 2 s here; a slow CI machine gets 30. */
const VISIBLE_MS = 30_000;
/** The question bank asks at most a handful; more than this means the bot is looping. */
const MAX_QUESTIONS = 10;

interface LogEntry {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

let bot: Awaited<ReturnType<typeof startBot>> | undefined;
let playground: Playground | undefined;
let chromium: LoopbackBrowser | undefined;
let dataDir: string | undefined;
const botLogs: LogEntry[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the end-to-end test needs Debian's Chromium (apt-get install -y chromium).`);
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  // A fresh state store, so nothing the bot remembers from an earlier run changes what it asks.
  dataDir = mkdtempSync(join(tmpdir(), 'helpdesk-e2e-'));
  const { config, problems } = loadConfig({ PORT: '0', DATA_DIR: dataDir });
  expect(problems).toEqual([]);
  const logger: Logger = {
    info: (msg, fields) => botLogs.push({ level: 'info', msg, fields }),
    warn: (msg, fields) => botLogs.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => botLogs.push({ level: 'error', msg, fields }),
  };
  bot = await startBot({ config, logger });
  playground = await startPlayground({ botEndpoint: `${bot.url}/api/messages`, artifactsDir: ARTIFACTS });
  chromium = await openBrowser();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await playground?.stop();
  await bot?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'bot-log.jsonl'), botLogs.map((l) => JSON.stringify(l)).join('\n') + '\n');
  writeFileSync(join(ARTIFACTS, 'refused-requests.txt'), [...new Set(chromium?.refused ?? [])].join('\n') + '\n');
  writeFileSync(join(ARTIFACTS, 'page-errors.txt'), (chromium?.pageErrors ?? []).join('\n') + '\n');
}, 60_000);

/** Each page load the Playground checks the bot is up with HEAD /api/messages, which gets 405. */
function isPlaygroundProbe(l: LogEntry): boolean {
  return l.msg === 'request failed' && l.fields?.status === 405 && String(l.fields?.error).startsWith('HEAD');
}

afterEach(() => {
  // A turn that failed would have logged an error and apologised; a refused call logs a warning.
  expect(botLogs.filter((l) => l.level === 'error' || (l.msg === 'request failed' && !isPlaygroundProbe(l)))).toEqual([]);
});

/** The Adaptive Cards on the page that show this text; the newest last. */
function cards(scope: Page | Locator, text: string | RegExp): Locator {
  return scope.locator('.ac-adaptiveCard').filter({ hasText: text });
}

async function visible(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout: VISIBLE_MS });
  return locator;
}

/** The Playground's log panel lists each call between it and the bot with the HTTP status. */
async function botCallStatuses(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const calls = /(?:Microsoft 365 Agents Playground|User Application)\s*-+>\s*(?:User Application|Microsoft 365 Agents Playground)\s+(\w+)\s+(\d{3})/g;
  return [...text.matchAll(calls)].map((m) => `${m[1]} ${m[2]}`);
}

async function openPlayground(page: Page): Promise<void> {
  await page.goto(playground!.url);
  // The bot greets on install; its welcome card proves the Playground reached it.
  await visible(cards(page, 'Helpdesk Triage').first());
}

/** Types a message into the personal chat's composer and sends it. */
async function sendInChat(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox').last().click();
  await page.keyboard.insertText(text);
  await page.keyboard.press('Enter');
}

test('personal chat: a paste is identified, questions are answered with buttons, and the steps appear', async () => {
  const page = await chromium!.newPage();
  const { step } = recordSteps(page, join(ARTIFACTS, 'personal-chat'));

  await step('welcome', () => openPlayground(page));

  const identification = await step('paste-code', async () => {
    await sendInChat(page, '0x800B0004');
    return visible(cards(page, 'TRUST_E_SUBJECT_NOT_TRUSTED').last());
  });
  expect(await identification.innerText()).toContain('0x800B0004');

  const results = cards(page, 'Most likely causes');
  const questionOrResults = (n: number) => cards(page, new RegExp(`Question ${n} of at most \\d+|Most likely causes`)).last();
  let asked = 0;
  for (let n = 1; n <= MAX_QUESTIONS; n++) {
    const shown = await visible(questionOrResults(n));
    if (!(await shown.innerText()).startsWith('Question')) break;
    asked = n;
    await step(`answer-question-${n}`, async () => {
      const answer = shown.getByRole('button').first();
      const label = (await answer.innerText()).trim();
      await answer.click();
      // The clicked card turns into the answer the person gave, and the bot moves on.
      await visible(cards(page, `✓ ${label}`).last());
      await visible(questionOrResults(n + 1));
    });
  }
  // The store was empty, so the bot had to ask at least once before ranking.
  expect(asked).toBeGreaterThan(0);

  const firstResults = await step('results', () => visible(results.last()));
  const firstText = await firstResults.innerText();
  expect(firstText).toMatch(/Steps for: \S/);
  // Safe, verifying steps come first.
  expect(firstText).toContain('Safe, changes nothing');
  const firstCause = /Steps for: (.+)/.exec(firstText)![1];

  const nextResults = await step('not-fixed-next-cause', async () => {
    await firstResults.getByRole('button', { name: 'No, still failing' }).click();
    return visible(cards(page, new RegExp(`Steps for: (?!${escapeRegExp(firstCause!)})`)).last());
  });
  expect(await nextResults.innerText()).toContain('Did this fix it?');

  await step('fixed', async () => {
    await nextResults.getByRole('button', { name: "Yes, it's fixed" }).click();
    await visible(page.getByText(/glad it's fixed/).last());
  });

  const statuses = await botCallStatuses(page);
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.filter((s) => !/ 2\d\d$/.test(s))).toEqual([]);
});

test('team channel: a post that @mentions the bot gets its answer in the thread', async () => {
  const page = await chromium!.newPage();
  const { step } = recordSteps(page, join(ARTIFACTS, 'team-channel'));

  await step('welcome', () => openPlayground(page));

  await step('open-channel', async () => {
    await page.getByRole('treeitem', { name: /General/ }).click();
    await visible(page.getByText('Start a new post'));
  });

  const post = await step('post-with-mention', async () => {
    await page.getByRole('group').filter({ hasText: 'Start a new post' }).getByRole('textbox').click();
    await page.keyboard.type('@');
    await page.getByRole('menuitem', { name: 'Test Bot' }).click();
    await page.keyboard.insertText(' 0x800B0004');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    // The composer empties once the post is sent; the post holds the message and its thread.
    await visible(page.getByText('Start a new post'));
    const posts = page.getByRole('group').filter({ hasNotText: 'Start a new post' });
    return visible(posts.filter({ hasText: /Test Bot\s+0x800B0004/ }).first());
  });

  // The reply sits inside the post's thread, not as a new post.
  const identification = await step('answer-in-thread', () => visible(cards(post, 'TRUST_E_SUBJECT_NOT_TRUSTED').last()));
  expect(await identification.innerText()).toContain('0x800B0004');
  // Next comes a question, or straight away the results if the bot remembers this person's
  // answers from the personal chat.
  await step('next-in-thread', () => visible(cards(post, /Question 1 of at most \d+|Most likely causes/).last()));

  const statuses = await botCallStatuses(page);
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.filter((s) => !/ 2\d\d$/.test(s))).toEqual([]);
});

test('personal chat: a Windows message pasted without its code is identified, with the message on the card', async () => {
  const page = await chromium!.newPage();
  const { step } = recordSteps(page, join(ARTIFACTS, 'message-only'));

  await step('welcome', () => openPlayground(page));

  const identification = await step('paste-message', async () => {
    await sendInChat(page, 'When I copy the backup it fails with: The process cannot access the file because it is being used by another process.');
    return visible(cards(page, 'ERROR_SHARING_VIOLATION').last());
  });
  const shown = await identification.innerText();
  expect(shown).toContain('0x00000020');
  // Windows' own words are on the card beside the code.
  expect(shown).toContain('Windows says');
  expect(shown).toContain('The process cannot access the file because it is being used by another process.');
  // Then the triage goes on: a question, or the results when earlier answers are remembered.
  await step('next', () => visible(cards(page, /Question 1 of at most \d+|Most likely causes/).last()));

  const statuses = await botCallStatuses(page);
  expect(statuses.filter((s) => !/ 2\d\d$/.test(s))).toEqual([]);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
