// The view models of cards/spike-alert.json (the support channel's alert, updated in place) and
// cards/incident-notice.json (what a user of an acknowledged spike is shown).
import { say, type Locale, type Strings } from '../conversation/strings';
import type { SpikeAlert } from '../insights/types';

/** A fact's question and answer as people read them ("Network path:", "Through a proxy"). */
export type FactLabel = (fact: string, value: string) => { question: string; label: string };

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** A family's name in the reader's language; a lone code is its own name. */
export function familyName(family: string, locale: Locale, strings: Strings): string {
  return strings[`family-${family}`] ? say(strings, locale, `family-${family}`) : family;
}

/** The data of cards/spike-alert.json. */
export function spikeAlertView(a: SpikeAlert, windowMinutes: number, locale: Locale, strings: Strings, factLabel: FactLabel) {
  const t = (key: string, vars?: Record<string, string | number>) => say(strings, locale, key, vars);
  return {
    family: a.family,
    alertId: a.id,
    // Past its first window the count is everyone since it opened, no longer "within N minutes".
    title:
      a.lastAt - a.openedAt > windowMinutes * 60_000
        ? t('spike-title-ongoing', { users: a.users, family: familyName(a.family, locale, strings), time: clock(a.openedAt) })
        : t('spike-title', { users: a.users, family: familyName(a.family, locale, strings), minutes: windowMinutes }),
    codes: t('spike-codes', { codes: a.codes.join(', ') }),
    since: t('spike-since', { time: clock(a.openedAt), usual: Math.round(a.usual * 10) / 10, minutes: windowMinutes }),
    shared: a.shared.map((s) => ({ text: t('spike-shared-row', { ...factLabel(s.fact, s.value), users: s.users, total: a.users }) })),
    acknowledged: a.acknowledged ? t('spike-acknowledged-by', { name: a.acknowledged.by, time: clock(a.acknowledged.at) }) : null,
    notice: a.notice ? t('spike-notice-line', { text: a.notice.text }) : null,
    labels: {
      sharedTitle: t('spike-shared-title'),
      acknowledge: t('spike-acknowledge'),
      postNotice: t('spike-post-notice'),
      noticePlaceholder: t('spike-notice-placeholder'),
      noticeSend: t('spike-notice-send'),
    },
  };
}

/** The data of cards/incident-notice.json. */
export function incidentNoticeView(a: SpikeAlert, locale: Locale, strings: Strings) {
  return {
    family: a.family,
    alertId: a.id,
    text: say(strings, locale, 'incident-known', { users: a.users, time: clock(a.openedAt) }),
    notice: a.notice ? say(strings, locale, 'spike-notice-line', { text: a.notice.text }) : null,
    labels: { follow: say(strings, locale, 'incident-follow') },
  };
}
