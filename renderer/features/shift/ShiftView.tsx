/**
 * 班次: the handover (write it, sign out), and the summary of this shift, an
 * earlier one or a chosen day — calls, answered / missed / rejected, handle
 * and wrap-up time, satisfaction, work orders, calls per hour and categories.
 */
import { useEffect, useState } from 'react';
import type { ShiftInfo, ShiftSummary } from '../../../main/contract/index.js';
import { useNow } from '../../app/use-now.js';
import { useTranslate } from '../../i18n/use-translate.js';
import { useApi, useSeat } from '../../store/store-context.js';
import { exportRange } from '../records/records-actions.js';
import { HandoverEditor } from './HandoverEditor.js';
import { CallsPerHourChart, CategoriesChart } from './ShiftCharts.js';
import { clockTime, duration, localDay, percent } from './shift-format.js';
import './shift.css';

export function ShiftView() {
  const t = useTranslate();
  const api = useApi();
  const choice = useSeat((s) => s.shiftViewChoice);
  const chosen = useSeat((s) => s.shiftViewChosen);
  const shiftState = useSeat((s) => s.shift);
  const language = useSeat((s) => s.profile?.language ?? 'zh-CN');
  const [summary, setSummary] = useState<ShiftSummary | null>(null);
  const [shifts, setShifts] = useState<readonly ShiftInfo[]>([]);
  const [exported, setExported] = useState<{ ok: boolean; rows: number } | null>(null);
  const exportShown = async (format: 'csv' | 'jsonl') => {
    if (!summary) return;
    const rows = await exportRange(api, summary.from, Math.max(summary.to, summary.from + 1), format);
    setExported(rows === null ? { ok: false, rows: 0 } : { ok: true, rows });
  };
  const today = localDay(useNow(60_000));

  useEffect(() => {
    let live = true;
    const tzOffsetMinutes = new Date().getTimezoneOffset();
    const params =
      choice.kind === 'day'
        ? { day: choice.day, tzOffsetMinutes }
        : choice.shiftId === null
          ? { tzOffsetMinutes }
          : { shiftId: choice.shiftId, tzOffsetMinutes };
    void api.invoke('getShiftSummary', params).then((r) => live && r.ok && setSummary(r.value));
    void api.invoke('listShifts', { limit: 30 }).then((r) => live && r.ok && setShifts(r.value));
    return () => {
      live = false;
    };
  }, [api, choice, shiftState?.agent?.shiftId]);

  const none = t('shift.none');
  const figures: [string, string, string][] = summary
    ? [
        ['calls', t('shift.calls'), String(summary.calls)],
        ['answered', t('shift.answered'), String(summary.answered)],
        ['missed', t('shift.missed'), String(summary.missed)],
        ['rejected', t('shift.rejected'), String(summary.rejected)],
        ['handle', t('shift.handleTime'), duration(summary.averageHandleMs, none)],
        ['wrap-up', t('shift.wrapUpTime'), duration(summary.averageWrapUpMs, none)],
        ['work-orders', t('shift.workOrders'), String(summary.workOrders)],
        ['satisfaction', t('shift.satisfaction'), percent(summary.satisfactionRate, none)],
        ['response', t('shift.responseRate'), percent(summary.responseRate, none)],
      ]
    : [];
  return (
    <section className="shift-view" aria-labelledby="shift-title" data-testid="shift-view">
      <HandoverEditor />
      <div className="shift-summary card">
        <h1 id="shift-title">{t('shift.title')}</h1>
        <div className="shift-choose">
          <label>
            <span>{t('shift.chooseShift')}</span>
            <select
              value={choice.kind === 'shift' ? (choice.shiftId ?? '') : ''}
              onChange={(e) => chosen({ kind: 'shift', shiftId: e.target.value === '' ? null : e.target.value })}
              data-testid="shift-select"
            >
              <option value="">{t('shift.current')}</option>
              {shifts.map((s) => (
                <option key={s.id} value={s.id}>
                  {`${s.agentNo} ${s.agentName} · ${clockTime(s.startedAt, true)}–${s.endedAt === null ? '' : clockTime(s.endedAt, true)}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('shift.chooseDay')}</span>
            <input
              type="date"
              value={choice.kind === 'day' ? choice.day : ''}
              max={today}
              onChange={(e) => e.target.value !== '' && chosen({ kind: 'day', day: e.target.value })}
              data-testid="shift-day"
            />
          </label>
        </div>
        {summary && (
          <>
            <p className="hint" data-testid="shift-range">
              {summary.shift ? `${summary.shift.agentNo} ${summary.shift.agentName} · ` : ''}
              {t('shift.range', { from: clockTime(summary.from, true), to: clockTime(summary.to, true) })}
            </p>
            <div className="shift-export">
              <button type="button" data-testid="shift-export-csv" onClick={() => void exportShown('csv')}>
                {t('shift.exportCsv')}
              </button>
              <button type="button" data-testid="shift-export-jsonl" onClick={() => void exportShown('jsonl')}>
                {t('shift.exportJsonl')}
              </button>
              {exported && (
                <span className={exported.ok ? 'form-ok' : 'form-error'} role="status" data-testid="shift-exported">
                  {exported.ok ? t('shift.exported', { rows: exported.rows }) : t('shift.exportFailed')}
                </span>
              )}
            </div>
            <dl className="shift-figures">
              {figures.map(([id, label, value]) => (
                <div key={id} data-testid={`figure-${id}`}>
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
            <div className="shift-charts">
              <figure>
                <figcaption>{t('shift.callsPerHour')}</figcaption>
                <CallsPerHourChart hours={summary.callsPerHour} label={t('shift.callsPerHour')} language={language} />
              </figure>
              <figure>
                <figcaption>{t('shift.categories')}</figcaption>
                {summary.categories.length === 0 ? (
                  <p className="hint">{t('shift.noCategories')}</p>
                ) : (
                  <CategoriesChart categories={summary.categories} label={t('shift.categories')} language={language} />
                )}
              </figure>
            </div>
            {summary.agents.length > 1 && (
              <p className="hint">
                {t('shift.agents')}：{summary.agents.map((a) => `${a.name} (${a.count})`).join('，')}
              </p>
            )}
          </>
        )}
        {!summary && shifts.length === 0 && <p className="hint">{t('shift.noShift')}</p>}
      </div>
    </section>
  );
}
