// Builds the Teams app package, build/appPackage.zip: the manifest with its ${{TOKENS}} filled from
// the environment, checked offline against the schema that @microsoft/app-manifest bundles, its
// language files, and the two icons, all at the zip's root as Teams requires.
//   npm run package                      MicrosoftAppId must be set (as for npm start)
//   npm run package -- --allow-placeholder   a package to inspect, with the all-zero GUID
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { PNG } from 'pngjs';

/** Each token the manifest may hold and the environment variable that fills it. */
export const PLACEHOLDERS: Readonly<Record<string, string>> = Object.freeze({
  // The bot's Entra app id is also the Teams app id: one registration to manage, not two.
  BOT_ID: 'MicrosoftAppId',
  TEAMS_APP_ID: 'MicrosoftAppId',
});

/** Stands in for MicrosoftAppId with --allow-placeholder: valid for the schema, installs nowhere. */
export const PLACEHOLDER_GUID = '00000000-0000-0000-0000-000000000000';

/** The sizes Teams requires; it rejects a package whose icons differ. */
const ICON_SIZES = Object.freeze({ color: 192, outline: 32 });

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const TOKEN = /\$\{\{(\w+)\}\}/g;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export class PackageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Cannot build the app package:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageError';
  }
}

export interface PackageOptions {
  /** The project root, holding manifest/. */
  root: string;
  /** Where appPackage.zip goes. */
  outDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Fill missing ids with PLACEHOLDER_GUID instead of failing. */
  allowPlaceholder?: boolean;
}

export interface PackageResult {
  zipPath: string;
  /** File names in the zip, manifest.json first. */
  files: string[];
  manifest: JsonObject;
  /** What was done, one line each, for the CLI to print. */
  log: string[];
}

/** Replaces every ${{TOKEN}} in the manifest's strings; reports tokens with no value. */
export function fillPlaceholders(manifest: JsonObject, values: Readonly<Record<string, string>>): { manifest: JsonObject; unknown: string[] } {
  const unknown = new Set<string>();
  const fill = (v: Json): Json => {
    if (typeof v === 'string') {
      return v.replace(TOKEN, (m, name: string) => {
        if (name in values) return values[name]!;
        unknown.add(name);
        return m;
      });
    }
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return { manifest: fill(manifest) as JsonObject, unknown: [...unknown] };
}

const LIBRARY = dirname(require.resolve('@microsoft/app-manifest/package.json'));

/** The schema file for a Teams manifest version, inside the installed @microsoft/app-manifest. */
export function bundledSchemaPath(manifestVersion: string, file = 'MicrosoftTeams.schema.json'): string {
  return join(LIBRARY, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, file);
}

interface SchemaError {
  instancePath: string;
  message?: string;
  params?: object;
}
interface Validator {
  compile(schema: object): { (doc: unknown): boolean; errors?: SchemaError[] | null };
}
type ValidatorClass = new (options: { allErrors: boolean; strictTypes: boolean }) => Validator;

/**
 * A schema validator set up as AppManifestUtils.validateAgainstSchema sets it up, from the ajv
 * packages @microsoft/app-manifest itself depends on. The library's own entry point cannot be
 * loaded here: it requires strip-bom 5, an ES module that jest's loader rejects on Node 20.
 */
function validatorFor(schema: Json): Validator {
  const fromLibrary = createRequire(join(LIBRARY, 'package.json'));
  const dialect = schema && typeof schema === 'object' && !Array.isArray(schema) ? String(schema.$schema ?? '') : '';
  const Ajv = (fromLibrary(dialect.includes('2020-12') ? 'ajv/dist/2020' : 'ajv-draft-04') as { default: ValidatorClass }).default;
  const addFormats = (fromLibrary('ajv-formats') as { default: (v: Validator, formats: string[]) => void }).default;
  const validator = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(validator, ['uri', 'email', 'regex']);
  return validator;
}

/**
 * A regular expression with each "]" that closes no character class escaped. Microsoft's
 * Localization schema has patterns such as `\[\b([0-9]|…)\b]`: legal in .NET, but ajv compiles
 * patterns with JavaScript's u flag, which rejects a lone "]". Escaped, it means the same.
 * (AppManifestUtils.validateAgainstSchema throws on that schema for this reason.)
 */
function unicodeSafePattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[++i] ?? '');
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']' && !inClass) {
      out += '\\]';
      continue;
    } else if (c === ']') inClass = false;
    out += c;
  }
  return out;
}

/** The schema with every `pattern` and `patternProperties` key made safe for ajv. */
function compilableSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(compilableSchema);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => {
      if (k === 'pattern' && typeof v === 'string') return [k, unicodeSafePattern(v)];
      if (k === 'patternProperties' && v && typeof v === 'object' && !Array.isArray(v)) {
        return [k, Object.fromEntries(Object.entries(v).map(([p, s]) => [unicodeSafePattern(p), compilableSchema(s)]))];
      }
      return [k, compilableSchema(v)];
    }),
  );
}

/** Schema problems of a manifest or language file, against the bundled schema: never the network. */
export function schemaProblems(doc: JsonObject, manifestVersion: string, schemaFile = 'MicrosoftTeams.schema.json'): string[] {
  const path = bundledSchemaPath(manifestVersion, schemaFile);
  if (!existsSync(path)) return [`@microsoft/app-manifest has no ${schemaFile} for manifestVersion ${manifestVersion}`];
  const schema = compilableSchema(JSON.parse(readFileSync(path, 'utf8')) as Json);
  const validate = validatorFor(schema).compile(schema as object);
  if (validate(doc)) return [];
  // Worded as the library words them, so its users recognise them.
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}. Details: ${JSON.stringify(e.params ?? {})}`);
}

/** The value at a localization key such as "bots[0].commandLists[1].commands[2].title". */
function valueAt(doc: Json, key: string): Json | undefined {
  let v: Json | undefined = doc;
  for (const part of key.match(/[^.[\]]+/g) ?? []) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v) ? v[Number(part)] : v[part];
  }
  return v;
}

/** Problems of the language files: their schema, and keys that name nothing in the manifest. */
function languageProblems(dir: string, manifest: JsonObject, version: string): { files: string[]; problems: string[] } {
  const info = manifest.localizationInfo as { additionalLanguages?: { file: string }[] } | undefined;
  const files = (info?.additionalLanguages ?? []).map((l) => l.file);
  const problems: string[] = [];
  for (const file of files) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      problems.push(`${file}: listed in localizationInfo but missing`);
      continue;
    }
    const strings = JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
    for (const p of schemaProblems(strings, version, 'MicrosoftTeams.Localization.schema.json')) problems.push(`${file}: ${p}`);
    for (const key of Object.keys(strings)) {
      if (key === '$schema' || key === 'localizationKeys') continue;
      if (typeof valueAt(manifest, key) !== 'string') problems.push(`${file}: "${key}" translates nothing in manifest.json`);
    }
  }
  return { files, problems };
}

/** Problems of the icons: missing, wrong size, or an outline that is not white on transparent. */
export function iconProblems(dir: string, icons: { color: string; outline: string }): string[] {
  const problems: string[] = [];
  for (const kind of ['color', 'outline'] as const) {
    const path = join(dir, icons[kind]);
    if (!existsSync(path)) {
      problems.push(`${icons[kind]}: missing (run: npx tsx scripts/make-icons.ts)`);
      continue;
    }
    const png = PNG.sync.read(readFileSync(path));
    const want = ICON_SIZES[kind];
    if (png.width !== want || png.height !== want) problems.push(`${icons[kind]}: ${png.width}×${png.height}, Teams requires ${want}×${want}`);
    if (kind === 'outline') {
      let transparent = 0;
      let coloured = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        if (png.data[i + 3] === 0) transparent++;
        else if (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255) coloured++;
      }
      if (transparent === 0) problems.push(`${icons[kind]}: has no transparent pixels; Teams requires white on transparent`);
      if (coloured > 0) problems.push(`${icons[kind]}: ${coloured} visible pixels are not white; Teams requires white on transparent`);
    }
  }
  return problems;
}

/** Fills, checks and zips the app package; throws PackageError listing every problem found. */
export function packageApp(o: PackageOptions): PackageResult {
  const dir = join(o.root, 'manifest');
  const log: string[] = [];
  const template = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as JsonObject;

  const values: Record<string, string> = {};
  const missing = new Set<string>();
  for (const [token, variable] of Object.entries(PLACEHOLDERS)) {
    const value = o.env[variable]?.trim();
    if (value) values[token] = value;
    else if (o.allowPlaceholder) values[token] = PLACEHOLDER_GUID;
    else missing.add(variable);
  }
  if (missing.size > 0) {
    throw new PackageError([
      `not set: ${[...missing].join(', ')} (the bot's Microsoft App ID, a GUID; or pass --allow-placeholder for a package to inspect only)`,
    ]);
  }
  const notGuid = Object.entries(PLACEHOLDERS).filter(([token]) => !GUID.test(values[token]!));
  if (notGuid.length > 0) {
    throw new PackageError([...new Set(notGuid.map(([token, variable]) => `${variable} must be a GUID, got "${values[token]}"`))]);
  }
  const filled = fillPlaceholders(template, values);
  const problems = filled.unknown.map((t) => `manifest.json: \${{${t}}} has no value; the packager fills only ${Object.keys(PLACEHOLDERS).join(', ')}`);
  const sources = [...new Set(Object.values(PLACEHOLDERS).map((v) => (o.env[v]?.trim() ? v : 'the all-zero placeholder GUID')))];
  log.push(`filled ${Object.keys(PLACEHOLDERS).map((t) => `\${{${t}}}`).join(', ')} from ${sources.join(', ')}`);

  const manifest = filled.manifest;
  const version = String(manifest.manifestVersion);
  for (const p of schemaProblems(manifest, version)) problems.push(`manifest.json: ${p}`);
  const languages = languageProblems(dir, manifest, version);
  problems.push(...languages.problems);
  const icons = manifest.icons as { color: string; outline: string };
  problems.push(...iconProblems(dir, icons));
  if (problems.length > 0) throw new PackageError(problems);
  log.push(`validated manifest.json${languages.files.map((f) => `, ${f}`).join('')} against the bundled Teams ${version} schemas (offline)`);
  log.push(`icons: ${icons.color} ${ICON_SIZES.color}×${ICON_SIZES.color}, ${icons.outline} ${ICON_SIZES.outline}×${ICON_SIZES.outline} white on transparent`);

  // A fixed date, so that the same inputs give the same bytes and a rebuilt package diffs clean.
  const mtime = new Date(2000, 0, 1);
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {
    'manifest.json': [Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), { mtime }],
  };
  for (const file of [icons.color, icons.outline, ...languages.files]) entries[file] = [readFileSync(join(dir, file)), { mtime }];
  const zip = zipSync(entries, { level: 9 });
  mkdirSync(o.outDir, { recursive: true });
  const zipPath = join(o.outDir, 'appPackage.zip');
  writeFileSync(zipPath, zip);
  const files = Object.keys(entries);
  log.push(`wrote ${relative(process.cwd(), zipPath) || zipPath}: ${files.join(', ')} (${zip.length} bytes)`);
  if (values.BOT_ID === PLACEHOLDER_GUID) log.push('this package holds the placeholder GUID: Teams will not install it');
  return { zipPath, files, manifest, log };
}

function main(argv: readonly string[]): void {
  const unknown = argv.filter((a) => a !== '--allow-placeholder');
  if (unknown.length > 0) throw new PackageError([`unknown argument ${unknown.join(' ')}; the only option is --allow-placeholder`]);
  const root = join(__dirname, '..');
  const result = packageApp({ root, outDir: join(root, 'build'), env: process.env, allowPlaceholder: argv.includes('--allow-placeholder') });
  for (const line of result.log) console.log(line);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof PackageError ? e.message : e);
    process.exitCode = 1;
  }
}
