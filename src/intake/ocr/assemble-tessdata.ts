// Tesseract reads every language from one folder (langPath), while the npm packages
// @tesseract.js-data/eng and …/spa each keep theirs in their own. At start-up the two files are
// copied into one folder; nothing is downloaded at run time.
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The languages the bot reads screenshots in: the ones it answers in. */
export const OCR_LANGUAGES = Object.freeze(['eng', 'spa']);

// LSTM-only ("best_int") models: a quarter of the size of the legacy+LSTM ones, and the only
// engine we run (OEM.LSTM_ONLY). The folder name is the packages' own layout, version 1.0.0.
const MODEL_FOLDER = '4.0.0_best_int';

/** The packaged file of one language. */
export function packagedTrainedData(lang: string): string {
  return join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), MODEL_FOLDER, `${lang}.traineddata.gz`);
}

/**
 * Copies each language's trained data into `folder` (by default one in the OS temp folder, named
 * for the model) unless an identical-size copy is there, and returns the folder. A copy goes to a
 * temporary name first, so a second process starting at the same time never reads half a file.
 */
export function assembleTessdata(folder = join(tmpdir(), `helpdesk-triage-tessdata-${MODEL_FOLDER}`)): string {
  mkdirSync(folder, { recursive: true });
  for (const lang of OCR_LANGUAGES) {
    const from = packagedTrainedData(lang);
    const to = join(folder, `${lang}.traineddata.gz`);
    if (existsSync(to) && statSync(to).size === statSync(from).size) continue;
    const part = `${to}.${process.pid}.part`;
    copyFileSync(from, part);
    renameSync(part, to);
  }
  return folder;
}
