/**
 * The caller context (on ring, kept during the call) and the wrap-up form of
 * the newest call, saved as typed; the recent calls with unfinished wrap-ups
 * reachable; export of a day. All state is in the store and the core.
 */
import { useEffect, useState } from 'react';
import type { CallerContextView, KbContactView, KbRecentArticle, RejectedRecord, WrapUpOutcome, WrapUpView } from '../../../main/contract/index.js';
import { useNow } from '../../app/use-now.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat, useSeatStore } from '../../store/store-context.js';
import { completeWrapUp, exportRange, loadRecentCalls, openWrapUp, typeWrapUp } from './records-actions.js';
import { SurveyRating } from '../survey/SurveyRating.js';
import './records.css';

const outcomes: readonly WrapUpOutcome[] = ['answered', 'referred', 'work-order', 'callback'];

function CallerContextCard({ context }: { context: CallerContextView }) {
  const t = useTranslate();
  const now = useNow(60_000);
  return (
    <section className="caller-context" data-testid="caller-context" aria-label={t('records.context')}>
      <header>
        <strong data-testid="caller-number">{context.number.display}</strong>
        {context.number.region && <span data-testid="caller-region"> · {context.number.region}</span>}
        {context.name && <span> · {context.name}</span>}
        {context.repeatCaller && (
          <span className="badge repeat-caller" data-testid="repeat-caller">
            {t('records.repeatCaller', { count: context.callsLast24h })}
          </span>
        )}
      </header>
      {context.headers.length > 0 && (
        <dl className="caller-headers">
          {context.headers.map((h) => (
            <div key={h.name} data-header={h.name}>
              <dt>{h.name}</dt>
              <dd>{h.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {context.openWorkOrders.length > 0 && (
        <ul className="open-work-orders" data-testid="open-work-orders">
          {context.openWorkOrders.map((w) => (
            <li key={w.id}>
              {w.summary} · {w.department} · {t('records.daysLeft', { days: Math.ceil((w.deadlineAt - now) / 86_400_000) })}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('records.history', { count: context.history.length })}</h4>
      <ul className="caller-history" data-testid="caller-history">
        {context.history.map((h) => (
          <li key={h.callId}>
            {new Date(h.startedAt).toLocaleString()} · {h.agentName ?? h.agentNo ?? ''} · {h.category ?? t('records.noCategory')}
            {h.notesLine && <> · {h.notesLine}</>}
            {h.rating !== null && <> · ★{h.rating}</>}
          </li>
        ))}
      </ul>
      {context.remote.state === 'answered' &&
        context.remote.fields.map((f) => (
          <div key={f.name} className="remote-field">
            {f.name}: {f.value}
          </div>
        ))}
      {context.remote.state === 'failed' && <div className="remote-failed">{t('records.lookupFailed')}</div>}
    </section>
  );
}

function WrapUpForm({ wrapUp }: { wrapUp: WrapUpView }) {
  const t = useTranslate();
  const api = useApi();
  const store = useSeatStore();
  const issues = useSeat((s) => s.wrapUpIssues);
  const [categories, setCategories] = useState<readonly string[]>([]);
  const [departments, setDepartments] = useState<readonly string[]>([]);
  const [subTopics, setSubTopics] = useState<readonly string[]>([]);
  const [contacts, setContacts] = useState<readonly KbContactView[]>([]);
  const [recentArticles, setRecentArticles] = useState<readonly KbRecentArticle[]>([]);
  useEffect(() => {
    void api.invoke('getRecordsSettings', {}).then((r) => {
      if (!r.ok) return;
      setCategories(r.value.categories.map((c) => c.name));
      setDepartments(r.value.departments);
    });
    // Sub-topics are the knowledge base's article categories; referrals its directory.
    void api.invoke('getKbCategories', {}).then((r) => r.ok && setSubTopics([...new Set(r.value.filter((c) => c.kind === 'article').map((c) => c.category))]));
    void api.invoke('listKbContacts', {}).then((r) => r.ok && setContacts(r.value));
  }, [api]);
  useEffect(() => {
    // Articles opened during the call are offered to link (refreshed while the form is open).
    const load = () => void api.invoke('listRecentArticles', { limit: 20 }).then((r) => r.ok && setRecentArticles(r.value));
    load();
    const timer = setInterval(load, 5_000);
    return () => clearInterval(timer);
  }, [api, wrapUp.callId]);
  const offered = recentArticles.filter((a) => a.usedAt >= wrapUp.callStartedAt && !wrapUp.articles.some((l) => l.id === a.id));
  const type = (patch: Parameters<typeof typeWrapUp>[3]) => typeWrapUp(api, store, wrapUp.callId, patch);
  const order = wrapUp.workOrder ?? { department: '', summary: '', callbackNumber: wrapUp.callerNumber, deadlineDays: null, priority: 'normal' as const, escalate: false };
  const invalid = (path: string) => (issues.includes(path) ? 'invalid' : undefined);
  return (
    <form className="wrap-up-form" data-testid="wrap-up-form" onSubmit={(e) => e.preventDefault()} aria-label={t('records.wrapUp')}>
      <SurveyRating callId={wrapUp.callId} />
      <label>
        {t('records.category')}
        <select data-testid="wrap-up-category" className={invalid('category')} value={wrapUp.category} onChange={(e) => type({ category: e.target.value })}>
          <option value="" />
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('records.subTopic')}
        <input data-testid="wrap-up-subtopic" list="wrap-up-subtopics" className={invalid('subTopic')} value={wrapUp.subTopic} onChange={(e) => type({ subTopic: e.target.value })} />
        <datalist id="wrap-up-subtopics">
          {subTopics.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </label>
      <label>
        {t('records.area')}
        <input data-testid="wrap-up-area" value={wrapUp.area} onChange={(e) => type({ area: e.target.value })} />
      </label>
      <label>
        {t('records.notes')}
        <textarea data-testid="wrap-up-notes" className={invalid('notes')} value={wrapUp.notes} rows={4} onChange={(e) => type({ notes: e.target.value })} />
      </label>
      <div className="wrap-up-articles" data-testid="wrap-up-articles">
        <span>{t('records.articles')}</span>
        {wrapUp.articles.map((a) => (
          <button key={a.id} type="button" className="linked" title={t('records.unlink')} onClick={() => type({ articles: wrapUp.articles.filter((x) => x.id !== a.id) })}>
            {a.title} ×
          </button>
        ))}
        {offered.map((a) => (
          <button key={a.id} type="button" className="offered" data-testid="offered-article" onClick={() => type({ articles: [...wrapUp.articles, { id: a.id, title: a.title.slice(0, 200) }] })}>
            + {a.title}
          </button>
        ))}
      </div>
      <label>
        {t('records.outcome')}
        <select data-testid="wrap-up-outcome" className={invalid('outcome')} value={wrapUp.outcome} onChange={(e) => type({ outcome: e.target.value as WrapUpView['outcome'] })}>
          <option value="" />
          {outcomes.map((o) => (
            <option key={o} value={o}>
              {t(`records.outcome.${o}`)}
            </option>
          ))}
        </select>
      </label>
      {wrapUp.outcome === 'referred' && (
        <label>
          {t('records.referredTo')}
          <input data-testid="wrap-up-outcome-detail" list="wrap-up-contacts" className={invalid('outcomeDetail')} value={wrapUp.outcomeDetail} onChange={(e) => type({ outcomeDetail: e.target.value })} />
          <datalist id="wrap-up-contacts">
            {contacts.map((c) => (
              <option key={c.id} value={`${c.name} ${c.number}`} />
            ))}
          </datalist>
        </label>
      )}
      {wrapUp.outcome === 'callback' && (
        <label>
          {t('records.callbackAt')}
          <input type="datetime-local" data-testid="wrap-up-outcome-detail" className={invalid('outcomeDetail')} value={wrapUp.outcomeDetail} onChange={(e) => type({ outcomeDetail: e.target.value })} />
        </label>
      )}
      {wrapUp.outcome === 'work-order' && (
        <fieldset data-testid="work-order">
          <legend>{t('records.workOrder')}</legend>
          <input placeholder={t('records.department')} list="work-order-departments" data-testid="work-order-department" className={invalid('workOrder.department')} value={order.department} onChange={(e) => type({ workOrder: { ...order, department: e.target.value } })} />
          <datalist id="work-order-departments">
            {departments.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
          <textarea placeholder={t('records.summary')} data-testid="work-order-summary" className={invalid('workOrder.summary')} value={order.summary} onChange={(e) => type({ workOrder: { ...order, summary: e.target.value } })} />
          <input placeholder={t('records.callbackNumber')} value={order.callbackNumber} onChange={(e) => type({ workOrder: { ...order, callbackNumber: e.target.value } })} />
          <label>
            {t('records.deadlineDays')}
            <input
              type="number"
              min={1}
              max={365}
              data-testid="work-order-deadline"
              placeholder={t('records.deadlineDefault')}
              value={order.deadlineDays ?? ''}
              onChange={(e) => {
                const days = Number(e.target.value);
                type({ workOrder: { ...order, deadlineDays: e.target.value === '' || !Number.isInteger(days) || days < 1 || days > 365 ? null : days } });
              }}
            />
          </label>
          <select value={order.priority} onChange={(e) => type({ workOrder: { ...order, priority: e.target.value as 'normal' | 'urgent' } })}>
            <option value="normal">{t('records.priority.normal')}</option>
            <option value="urgent">{t('records.priority.urgent')}</option>
          </select>
          {wrapUp.escalation.reached && (
            <label className="escalation" data-testid="escalation-hint">
              <input type="checkbox" checked={order.escalate} onChange={(e) => type({ workOrder: { ...order, escalate: e.target.checked } })} />
              {t('records.escalation', { count: wrapUp.escalation.count })}
            </label>
          )}
        </fieldset>
      )}
      {wrapUp.outcome !== 'work-order' && wrapUp.escalation.reached && (
        <p className="escalation" data-testid="escalation-hint">{t('records.escalation', { count: wrapUp.escalation.count })}</p>
      )}
      <button type="button" data-testid="wrap-up-complete" onClick={() => void completeWrapUp(api, store, wrapUp.callId)}>
        {wrapUp.status === 'complete' ? t('records.completed') : t('records.complete')}
      </button>
      {issues.length > 0 && <p className="invalid" data-testid="wrap-up-issues">{t('records.required')}</p>}
    </form>
  );
}

export function RecordsPanel() {
  const t = useTranslate();
  const api = useApi();
  const store = useSeatStore();
  const calls = useSeat((s) => s.calls);
  const contexts = useSeat((s) => s.callerContexts);
  const wrapUps = useSeat((s) => s.wrapUps);
  const chosen = useSeat((s) => s.wrapUpCallId);
  const recent = useSeat((s) => s.recentCalls);
  const live = calls.at(-1)?.id ?? null;
  const callId = chosen ?? live ?? recent[0]?.callId ?? null;
  const connection = useSeat((s) => s.connection);
  useEffect(() => {
    if (connection === 'open') void loadRecentCalls(api, store);
  }, [api, store, connection, calls.length]);
  useEffect(() => {
    if (callId && connection === 'open') {
      void openWrapUp(api, store, callId);
      if (!store.getState().callerContexts[callId]) {
        void api.invoke('getCallerContext', { callId }).then((r) => r.ok && r.value && store.getState().callerContextChanged(r.value));
      }
    }
  }, [api, store, callId, connection]);
  const context = callId ? contexts[callId] : undefined;
  const wrapUp = callId ? wrapUps[callId] : undefined;
  const incomplete = recent.filter((r) => r.incomplete && r.callId !== callId);
  const typedRange = useSeat((s) => s.exportRange);
  const today = localDate(new Date());
  const range = typedRange ?? { from: today, to: today };
  const exportChosen = (format: 'csv' | 'jsonl') => {
    const from = new Date(`${range.from}T00:00:00`).getTime();
    const to = new Date(`${range.to}T00:00:00`).getTime() + 86_400_000;
    if (Number.isFinite(from) && Number.isFinite(to) && to > from) void exportRange(api, from, to, format);
  };
  return (
    <section className="records-panel" aria-label={t('records.panel')}>
      {context && <CallerContextCard context={context} />}
      {wrapUp && <WrapUpForm wrapUp={wrapUp} />}
      {incomplete.length > 0 && (
        <div className="incomplete-wrap-ups" data-testid="incomplete-wrap-ups">
          <h4>{t('records.incomplete')}</h4>
          <ul>
            {incomplete.map((r) => (
              <li key={r.callId}>
                <button type="button" onClick={() => store.getState().wrapUpOpened(r.callId)}>
                  {new Date(r.startedAt).toLocaleTimeString()} · {r.number.display}
                  {r.number.region ? ` · ${r.number.region}` : ''}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <RejectedRecords />
      <div className="records-export">
        <input type="date" aria-label={t('records.exportFrom')} data-testid="export-from" value={range.from} onChange={(e) => store.getState().exportRangeTyped({ ...range, from: e.target.value })} />
        <input type="date" aria-label={t('records.exportTo')} data-testid="export-to" value={range.to} onChange={(e) => store.getState().exportRangeTyped({ ...range, to: e.target.value })} />
        <button type="button" data-testid="export-csv" onClick={() => exportChosen('csv')}>
          {t('records.exportCsv')}
        </button>
        <button type="button" data-testid="export-jsonl" onClick={() => exportChosen('jsonl')}>
          {t('records.exportJsonl')}
        </button>
      </div>
    </section>
  );
}

function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Records the centre refused (4xx): kept on the seat and listed, so the agent can report them. */
function RejectedRecords() {
  const t = useTranslate();
  const api = useApi();
  const count = useSeat((s) => s.status.records?.rejected ?? 0);
  const [rows, setRows] = useState<readonly RejectedRecord[]>([]);
  useEffect(() => {
    if (count > 0) void api.invoke('listRejectedRecords', {}).then((r) => r.ok && setRows(r.value));
  }, [api, count]);
  if (count === 0) return null;
  return (
    <details className="rejected-records" data-testid="rejected-records">
      <summary>{t('records.status.rejected', { count })}</summary>
      <ul>
        {rows.map((r) => (
          <li key={r.recordId}>
            {new Date(r.createdAt).toLocaleString()} · {r.kind} · {r.recordId} · {r.error ?? ''}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Status-bar part: records waiting for the centre, since when. */
export function RecordsStatusItem() {
  const t = useTranslate();
  const records = useSeat((s) => s.status.records);
  if (!records || (records.waiting === 0 && records.rejected === 0 && records.callLogBacklog === 0)) return null;
  const since = records.oldestAt === null ? '' : new Date(records.oldestAt).toLocaleTimeString();
  return (
    <span className="status-item status-records" data-testid="records-waiting">
      {records.waiting > 0 && t('records.status.waiting', { count: records.waiting, since })}
      {records.rejected > 0 && ` · ${t('records.status.rejected', { count: records.rejected })}`}
      {records.callLogBacklog > 0 && ` · ${t('records.status.backlog', { count: records.callLogBacklog })}`}
    </span>
  );
}
