// The view model of cards/report.json: the report's figures as the support lead reads them.
import { say, type Locale, type Strings } from '../conversation/strings';
import type { Report } from '../insights/build-report';

/** Names for what the report holds only as ids: a code's name, a cause's and an article's titles. */
export interface ReportNames {
  code(code: string): string;
  cause(article: string, cause: string): string;
}

const percent = (x: number) => Math.round(x * 100);

/** The data of cards/report.json. */
export function reportView(r: Report, locale: Locale, strings: Strings, names: ReportNames) {
  const t = (key: string, vars?: Record<string, string | number>) => say(strings, locale, key, vars);
  const title = r.period.label === 'today' ? t('report-title-today') : t('report-title-days', { days: r.period.label.replace(/d$/, '') });
  let deflection = t('report-none');
  if (r.deflection !== null) {
    const p = percent(r.deflection);
    if (r.previousDeflection === null) deflection = t('report-trend-none', { percent: p });
    else {
      const points = p - percent(r.previousDeflection);
      deflection = t(points > 0 ? 'report-trend-up' : points < 0 ? 'report-trend-down' : 'report-trend-same', { percent: p, points: Math.abs(points) });
    }
  }
  const minutes = r.medianMinutesToFixed === null ? t('report-none') : t('report-minutes', { n: Math.max(1, Math.round(r.medianMinutesToFixed)) });
  return {
    title,
    empty: r.empty,
    emptyText: t('report-empty'),
    figures: [
      { label: t('report-started'), value: String(r.started) },
      { label: t('report-fixed'), value: String(r.fixedWithoutTicket) },
      { label: t('report-escalated'), value: String(r.escalated) },
      { label: t('report-abandoned'), value: String(r.abandoned) },
      { label: t('report-deflection'), value: deflection },
      { label: t('report-median-fixed'), value: minutes },
      { label: t('report-median-questions'), value: r.medianQuestions === null ? t('report-none') : String(r.medianQuestions) },
    ],
    errors: r.topErrors.map((e) => ({ name: names.code(e.code), detail: t('report-error-row', { triages: e.triages, users: e.users, fix: percent(e.fixRate) }) })),
    failing: r.failingCauses.map((c) => ({ name: names.cause(c.article, c.cause), detail: t('report-failing-row', { notFixed: c.notFixed, fixed: c.fixed }) })),
    gaps: r.gaps.map((g) => ({
      name: g.kind === 'code' ? t('report-gap-no-code', { code: g.gap }) : t('report-gap-message', { words: g.gap.replace(/^text:/, '') }),
      detail: t('report-gap-row', { count: g.count, users: g.users }),
      sample: g.sample ?? '',
    })),
    labels: { topErrors: t('report-top-errors'), failing: t('report-failing'), gaps: t('report-gaps') },
  };
}
