/**
 * Promised callbacks: due ones (their time has come) are shown to whoever is
 * signed in, with one key (Alt+B) to dial the first; done / not reached is
 * recorded by the core and sent to the centre.
 */
import { useEffect } from 'react';
import { useNow } from '../../app/use-now.js';
import type { PromisedCallback } from '../../../main/contract/index.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat } from '../../store/store-context.js';
import { usePhoneCommand } from '../phone/use-phone-command.js';
import { clockTime } from './shift-format.js';
import './shift.css';

const noCallbacks: readonly PromisedCallback[] = [];

export function CallbackReminders() {
  const t = useTranslate();
  const api = useApi();
  const command = usePhoneCommand();
  const now = useNow(15_000);
  const agent = useSeat((s) => s.shift?.agent ?? null);
  const callbacks = useSeat((s) => s.shift?.callbacks ?? noCallbacks);
  const shiftChanged = useSeat((s) => s.shiftChanged);
  const due = callbacks.filter((c) => c.dueAt <= now);
  const first = due[0] ?? null;

  useEffect(() => {
    if (!agent || !first) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.key.toLowerCase() === 'b') {
        e.preventDefault();
        void command('dial', { target: first.number });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [agent, first, command]);

  if (!agent || callbacks.length === 0) return null;
  const outcome = async (c: PromisedCallback, o: 'done' | 'not-reached') => {
    const result = await api.invoke('setCallbackOutcome', { callbackId: c.id, outcome: o });
    if (result.ok) shiftChanged(result.value);
  };
  return (
    <section className="callbacks card" aria-labelledby="callbacks-title" data-testid="callbacks">
      <h2 id="callbacks-title">{t('callbacks.title')}</h2>
      <ul>
        {callbacks.slice(0, 8).map((c) => (
          <li key={c.id} className={c.dueAt <= now ? 'callback-due' : 'callback-later'} data-testid="callback">
            <span className="callback-when">{c.dueAt <= now ? t('callbacks.due') : t('callbacks.upcoming', { time: clockTime(c.dueAt, true) })}</span>
            <span className="callback-number">{c.number}</span>
            {c.callerName && <span>{c.callerName}</span>}
            {c.note && <span className="callback-note">{c.note}</span>}
            {c.dueAt <= now && (
              <span className="callback-actions">
                <button type="button" onClick={() => void command('dial', { target: c.number })}>
                  {c === first ? t('callbacks.dial') : t('callbacks.dial').replace(/\s*\(.*\)$/, '')}
                </button>
                <button type="button" onClick={() => void outcome(c, 'done')}>
                  {t('callbacks.done')}
                </button>
                <button type="button" onClick={() => void outcome(c, 'not-reached')}>
                  {t('callbacks.notReached')}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
