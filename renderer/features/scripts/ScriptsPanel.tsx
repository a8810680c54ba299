/**
 * Scripts that follow the call: the standard phrases grouped by call phase,
 * opening at the phase the call is in (greeting while it rings and after the
 * answer, closing in wrap-up), variables filled (unknown ones as a plain
 * label, never `{braces}`), the mandatory phrases as a checklist ticked with
 * one key or by copying, one key to copy a phrase, pinned favourites first.
 * Each phrase used is stored with the call (`recordPhraseUse`).
 */
import { useEffect, useMemo, useState } from 'react';
import type { KbPhraseView, PhrasePhase } from '../../../main/contract/index.js';
import { isMessageKey } from '../../i18n/catalogue.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat } from '../../store/store-context.js';
import { copyText } from '../kb/copy-text.js';
import { phraseValues } from './phrase-variables.js';
import { followedCall, phaseOfCall, scriptPhaseOrder } from './script-phases.js';
import { scriptSegments, scriptText, type ScriptSegment } from './script-segments.js';
import './scripts.css';

const noPins: readonly string[] = [];

export function ScriptsPanel() {
  const t = useTranslate();
  const api = useApi();
  const [phrases, setPhrases] = useState<readonly KbPhraseView[]>([]);
  const [chosen, setChosen] = useState<{ phase: PhrasePhase; for: string } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const calls = useSeat((s) => s.calls);
  const ended = useSeat((s) => s.endedCalls);
  const agentState = useSeat((s) => s.status.agent.state);
  const agent = useSeat((s) => s.shift?.agent ?? null);
  const pinned = useSeat((s) => s.shift?.pinnedPhraseIds ?? noPins);
  const seatNumber = useSeat((s) => s.profile?.agentNumber ?? '');
  const language = useSeat((s) => s.profile?.language ?? 'zh-CN');
  const usedByCall = useSeat((s) => s.phrasesUsed);
  const phraseUsed = useSeat((s) => s.phraseUsed);
  const pinnedChanged = useSeat((s) => s.pinnedPhrasesChanged);
  const kbVersion = useSeat((s) => (s.status.kb.state === 'unknown' ? null : s.status.kb.version));
  const connected = useSeat((s) => s.connection === 'open');

  // Loaded when the window (re)connects and whenever the knowledge base changes version.
  useEffect(() => {
    if (!connected) return;
    let live = true;
    void api.invoke('listKbPhrases', {}).then((r) => live && r.ok && setPhrases(r.value));
    return () => {
      live = false;
    };
  }, [api, kbVersion, connected]);

  const call = followedCall(calls, ended);
  const callPhase = phaseOfCall(call, agentState);
  const followKey = `${call?.id ?? ''}/${callPhase ?? ''}`;
  // The agent's own choice holds until the call moves to another phase.
  const phase: PhrasePhase = chosen && chosen.for === followKey ? chosen.phase : (callPhase ?? 'greeting');
  const values = phraseValues({ agent, seatNumber, language }, call, new Date());
  const label = (v: string) => {
    const key = `scripts.var.${v}`;
    return isMessageKey(key) ? t(key) : v;
  };
  const used = call ? (usedByCall[call.id] ?? []) : [];
  const shown = phrases.filter((p) => p.phase === phase);
  const pinnedPhrases = pinned.map((id) => phrases.find((p) => p.id === id)).filter((p): p is KbPhraseView => p !== undefined);
  const mandatory = phrases.filter((p) => p.mandatory);
  const phasesPresent = useMemo(() => scriptPhaseOrder.filter((ph) => phrases.some((p) => p.phase === ph)), [phrases]);

  const markUsed = (p: KbPhraseView, how: 'copied' | 'ticked') => {
    if (!call) return;
    phraseUsed(call.id, p.id);
    void api.invoke('recordPhraseUse', { callId: call.id, phraseId: p.id, use: how });
  };
  const copy = async (p: KbPhraseView) => {
    const text = scriptText(scriptSegments(p.text, values, label));
    if (await copyText(text)) {
      setCopied(p.id);
      markUsed(p, 'copied');
    }
  };
  const togglePin = async (p: KbPhraseView) => {
    const r = await api.invoke('setPhrasePinned', { phraseId: p.id, pinned: !pinned.includes(p.id) });
    if (r.ok) pinnedChanged(r.value);
  };

  // Alt+1…9 copies phrase N of the phase shown; Alt+M ticks the next mandatory phrase.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      if (/^[1-9]$/.test(e.key)) {
        const p = shown[Number(e.key) - 1];
        if (p) {
          e.preventDefault();
          void copy(p);
        }
      } else if (e.key.toLowerCase() === 'm') {
        const next = mandatory.find((p) => !used.includes(p.id));
        if (next) {
          e.preventDefault();
          markUsed(next, 'ticked');
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (phrases.length === 0) return null;
  const row = (p: KbPhraseView, n: number | null) => (
    <li key={p.id} className="script" data-testid="script-phrase" data-phrase-id={p.id}>
      <div className="script-head">
        {n !== null && <kbd>Alt+{n}</kbd>}
        <span className="script-title">{p.title}</span>
        {p.mandatory && <span className="script-mandatory">★</span>}
        <button type="button" className="script-pin" onClick={() => void togglePin(p)} disabled={!agent} aria-pressed={pinned.includes(p.id)}>
          {pinned.includes(p.id) ? t('scripts.unpin') : t('scripts.pin')}
        </button>
        <button type="button" onClick={() => void copy(p)}>
          {copied === p.id ? t('scripts.copied') : t('scripts.copy')}
        </button>
      </div>
      <Segments segments={scriptSegments(p.text, values, label)} />
    </li>
  );
  return (
    <section className="scripts" aria-labelledby="scripts-title" data-testid="scripts-panel">
      <h2 id="scripts-title">{t('scripts.title')}</h2>
      {call && mandatory.length > 0 && (
        <fieldset className="script-checklist" data-testid="script-checklist">
          <legend>{t('scripts.checklist')}</legend>
          {mandatory.map((p) => (
            <label key={p.id}>
              <input type="checkbox" checked={used.includes(p.id)} onChange={() => !used.includes(p.id) && markUsed(p, 'ticked')} />
              {p.title}
            </label>
          ))}
          <p className="hint">{t('scripts.checklistHint')}</p>
        </fieldset>
      )}
      {pinnedPhrases.length > 0 && (
        <>
          <h3>{t('scripts.pinned')}</h3>
          <ul className="script-list">{pinnedPhrases.map((p) => row(p, null))}</ul>
        </>
      )}
      <div className="script-phases" role="tablist">
        {phasesPresent.map((ph) => (
          <button
            key={ph}
            type="button"
            role="tab"
            aria-selected={ph === phase}
            data-testid={`script-phase-${ph}`}
            onClick={() => setChosen({ phase: ph, for: followKey })}
          >
            {t(`scripts.phase.${ph}`)}
          </button>
        ))}
      </div>
      <ul className="script-list" data-testid="script-list" data-phase={phase}>
        {shown.map((p, i) => row(p, i < 9 ? i + 1 : null))}
      </ul>
    </section>
  );
}

function Segments({ segments }: { segments: readonly ScriptSegment[] }) {
  return (
    <p className="script-text" data-testid="script-text">
      {segments.map((s, i) =>
        s.missing === null ? (
          <span key={i}>{s.text}</span>
        ) : (
          <span key={i} className="script-missing">
            {s.text}
          </span>
        ),
      )}
    </p>
  );
}
