// What crosses the boundary between the conversation and its host: turns in, replies out.
// Replies are view models; src/render turns them into Adaptive Cards.
import type { TriageSnapshot, Urgency } from '../tickets/types';
import type { Locale } from './strings';
import type { CodeKind } from '../engine/codes/code-tables';
import type { TurnEvent } from './triage-events';

/** Where the turn happens: answers are remembered and offered back only in a personal chat. */
export type Scope = 'personal' | 'group' | 'channel';

/** `kept`: what was read from a screenshot or a log file, kept in the triage and a ticket instead of `text`. */
export type Turn = ({ kind: 'message'; text: string; kept?: string } | { kind: 'action'; data: Record<string, unknown> } | { kind: 'no-text' } | { kind: 'installed' }) & {
  locale?: string;
  scope?: Scope;
};

export interface ChosenCode {
  code: string;
  kind: CodeKind;
  article: string | null;
}

export interface TriageState {
  id: string;
  paste: string;
  candidates: ChosenCode[];
  chosen: ChosenCode | null;
  facts: Record<string, string>;
  asked: string[];
  pending?: string;
  phase: 'choosing' | 'asking' | 'results' | 'closed';
  causeIndex: number;
  /** Cause ids in the order the results card showed them (fixed once shown). */
  ranking?: string[];
  tried: { cause: string; outcome: 'fixed' | 'not-fixed' }[];
}

export interface ConversationState {
  triage?: TriageState;
  /** Counts triages in this conversation, so each gets its own id for stale-card checks. */
  started: number;
}

export interface UserState {
  facts: Record<string, string>;
  locale?: Locale;
}

export interface Labels {
  [key: string]: string;
}

export interface MatchView {
  /** As shown: "5 (0x00000005)" for a Win32 error. */
  code: string;
  /** As the engine writes it (0x + 8 hex digits): what a clicked card sends back. */
  key: string;
  name: string;
  names: string[];
  decode: string;
  title: string | null;
  summary: string | null;
  article: string | null;
  confidence: number;
  kind: ChosenCode['kind'];
  /** What Windows prints for the code, in the user's language when known, else English. */
  message: string | null;
  /** True when that text is a machine translation of Microsoft's documentation, not Windows' own words. */
  messageTranslated: boolean;
  /** A blue screen's four parameters, and the driver it names. */
  parameters: string | null;
  driver: string | null;
}

export interface FactView {
  fact: string;
  question: string;
  value: string;
  label: string;
}

export interface StepView {
  n: number;
  title: string;
  why: string;
  commands: { shell: string; run: string }[];
  admin: boolean;
  registry: boolean;
  risk: 'safe' | 'changes-system' | 'destructive';
  riskLabel: string;
  warning: string | null;
  undo: string | null;
  verify: string;
}

export interface CauseView {
  rank: number;
  cause: string;
  title: string;
  percent: number;
  why: string;
}

export type Reply =
  | { view: 'text'; text: string }
  | { view: 'welcome'; labels: Labels }
  | { view: 'help'; labels: Labels }
  | { view: 'identification'; triageId: string; match: MatchView; alternatives: MatchView[]; understood: FactView[]; remembered: FactView[]; labels: Labels }
  | { view: 'choose-code'; triageId: string; options: MatchView[]; labels: Labels }
  | { view: 'question'; triageId: string; fact: string; text: string; answers: { value: string; label: string }[]; n: number; max: number; labels: Labels }
  | {
      view: 'results';
      triageId: string;
      causeIndex: number;
      cause: string;
      causes: CauseView[];
      current: CauseView;
      description: string;
      steps: StepView[];
      /** Set on the card's answered form: what the user clicked. */
      answered: string | null;
      labels: Labels;
    }
  | {
      view: 'escalation-form';
      triageId: string;
      match: MatchView | null;
      facts: FactView[];
      tried: { cause: string; outcome: string }[];
      description: string;
      urgencies: { value: string; label: string }[];
      contact: string;
      labels: Labels;
    };

/** Side effects the host carries out after the turn: the conversation itself stays pure. */
export type Effect =
  | { kind: 'outcome'; article: string; cause: string; outcome: 'fixed' | 'not-fixed'; facts: Record<string, string> }
  | {
      kind: 'create-ticket';
      /** Unique per triage: the host prefixes the conversation id, so a double submit files one ticket. */
      triageId: string;
      snapshot: TriageSnapshot;
      description: string;
      urgency: Urgency;
      contact: string;
    };

export interface TurnResult {
  conversation: ConversationState;
  user: UserState;
  replies: Reply[];
  effects: Effect[];
  /** What the turn did to the triage, for the helpdesk's reports (src/insights). */
  events: TurnEvent[];
  /** The turn was a click on a card that no longer applies; nothing changed. */
  staleClick: boolean;
  /** The clicked card's new form, when it keeps its content (results); otherwise "✓ answer". */
  updated: Reply | null;
}
