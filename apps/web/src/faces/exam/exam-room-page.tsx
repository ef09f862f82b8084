import {
  ClockCircleOutlined,
  CloudSyncOutlined,
  DisconnectOutlined,
  FlagFilled,
  FlagOutlined,
  FullscreenOutlined,
  LeftOutlined,
  RightOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Result,
  Segmented,
  Space,
  Spin,
  Tag,
  Tooltip,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { type AttemptView, attemptApi, type ItemResponse } from '../../api/exam.ts';
import { openAnswerStore } from '../../components/exam/answer-store.ts';
import { AnswerSync, type SaveStatus } from '../../components/exam/answer-sync.ts';
import { ItemView, isAnswered } from '../../components/exam/item-view.tsx';
import { formatRemaining, useServerCountdown } from '../../components/exam/server-clock.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import '../../components/exam/exam.css';

const HEARTBEAT_MS = 20_000;

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** Flags are the candidate's own reminders: kept in this browser only. */
function useFlags(attemptId: string | undefined) {
  const key = `anzheng.exam.flags.${attemptId ?? ''}`;
  const [flags, setFlags] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!attemptId) return;
    try {
      setFlags(new Set(JSON.parse(window.localStorage.getItem(key) ?? '[]') as string[]));
    } catch {
      setFlags(new Set());
    }
  }, [attemptId, key]);
  const toggle = (ref: string) =>
    setFlags((old) => {
      const next = new Set(old);
      if (next.has(ref)) next.delete(ref);
      else next.add(ref);
      try {
        window.localStorage.setItem(key, JSON.stringify([...next]));
      } catch {
        // Storage full or disabled: the flag still works for this page.
      }
      return next;
    });
  return { flags, toggle };
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'open' }
  | { kind: 'closed'; reason: 'submitted' | 'deadline' | 'invigilator'; message?: string };

/**
 * 考场 — the candidate's exam room (REQ-EXAM-4, NFR-REL-1), full screen at
 * `/portal/exam/:registrationId`: starts or resumes the attempt, autosaves every change
 * (IndexedDB first, then the server), shows the server-corrected countdown, reports integrity
 * signals, submits with confirmation.
 */
export function ExamRoomPage() {
  const { t } = useTranslation();
  const { registrationId = '' } = useParams();
  const online = useOnline();
  const { modal } = App.useApp();
  const [attempt, setAttempt] = useState<AttemptView | undefined>();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [responses, setResponses] = useState<Map<string, ItemResponse>>(new Map());
  const [status, setStatus] = useState<Map<string, SaveStatus>>(new Map());
  const [rejected, setRejected] = useState<string | undefined>();
  const [paused, setPaused] = useState(false);
  const [index, setIndex] = useState(0);
  const [mode, setMode] = useState<'single' | 'list'>('single');
  const [fromCache, setFromCache] = useState(false);
  const sync = useRef<AnswerSync | undefined>(undefined);
  const clock = useServerCountdown();
  const { flags, toggle } = useFlags(attempt?.id);
  useDocumentTitle(attempt?.sessionName ?? t('exam.room.title'));

  const closeWith = useCallback((view: AttemptView | undefined, message?: string) => {
    sync.current?.close();
    const by = view?.submittedBy;
    setPhase({
      kind: 'closed',
      reason: by === 'server_deadline' ? 'deadline' : by === 'invigilator' ? 'invigilator' : 'submitted',
      ...(message ? { message } : {}),
    });
  }, []);

  // Start (or resume) the attempt, then merge acknowledged answers with the local queue.
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const store = await openAnswerStore();
      let view: AttemptView;
      try {
        view = await attemptApi.start(registrationId);
        void store.savePaper(registrationId, view);
      } catch (error) {
        const cached =
          error instanceof ApiError && error.code === 'NETWORK_ERROR'
            ? await store.loadPaper(registrationId)
            : undefined;
        if (cancelled) return;
        if (!cached) {
          const e = error instanceof ApiError ? error : undefined;
          setPhase({ kind: 'refused', code: e?.code ?? 'ERROR', message: e?.message ?? String(error) });
          return;
        }
        // Offline reload: the paper from the last visit; answers from the local queue.
        view = cached;
        setFromCache(true);
      }
      if (cancelled) return;
      setAttempt(view);
      clock.sync(view.serverNow, view.deadlineAt);
      setPaused(view.paused);
      if (view.state !== 'in_progress') {
        closeWith(view);
        return;
      }
      const engine = new AnswerSync(view.id, store, (ref, body) => attemptApi.save(view.id, ref, body), {
        onStatus: (ref, s, message) => {
          setStatus((old) => new Map(old).set(ref, s));
          if (s === 'rejected') setRejected(message);
        },
        onClock: (serverNow, deadlineAt) => {
          clock.sync(serverNow, deadlineAt);
          setPaused(false);
        },
        onClosed: (_code, message) => {
          void attemptApi.get(view.id).then(
            (v) => closeWith(v, message),
            () => closeWith(undefined, message),
          );
        },
        onPaused: () => setPaused(true),
      });
      sync.current = engine;
      const pending = await store.list(view.id);
      const merged = engine.restore(view.answers, pending);
      setResponses(merged);
      setStatus(
        new Map([
          ...view.answers.map((a) => [a.itemRef, 'saved'] as const),
          ...pending
            .filter((p) => engine.unsaved().includes(p.itemRef))
            .map((p) => [p.itemRef, 'queued'] as const),
        ]),
      );
      setPhase({ kind: 'open' });
    })();
    return () => {
      cancelled = true;
      sync.current?.close();
    };
    // clock.sync and closeWith are stable: this runs once per registration.
  }, [registrationId, clock.sync, closeWith]);

  // Re-send the queue as soon as the network is back.
  useEffect(() => {
    const flush = () => sync.current?.flush();
    window.addEventListener('online', flush);
    return () => window.removeEventListener('online', flush);
  }, []);

  // Heartbeat: keeps "connected" for the invigilator and refreshes the clock (extra time, pause).
  useEffect(() => {
    if (phase.kind !== 'open' || !attempt) return;
    const beat = () =>
      attemptApi.heartbeat(attempt.id).then(
        (c) => {
          clock.sync(c.serverNow, c.deadlineAt);
          setPaused(c.paused);
          if (c.state !== 'in_progress') void attemptApi.get(attempt.id).then((v) => closeWith(v));
        },
        () => undefined,
      );
    void beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [phase.kind, attempt, clock.sync, closeWith]);

  // Deadline reached: the server submits by itself; show it and confirm from the server.
  useEffect(() => {
    if (phase.kind !== 'open' || !attempt || clock.remaining !== 0 || paused) return;
    sync.current?.close();
    setPhase({ kind: 'closed', reason: 'deadline' });
    const timer = setTimeout(
      () =>
        void attemptApi.get(attempt.id).then(
          (v) => closeWith(v),
          () => undefined,
        ),
      2000,
    );
    return () => clearTimeout(timer);
  }, [phase.kind, attempt, clock.remaining, paused, closeWith]);

  // Integrity signals (recorded for the invigilator; never scored automatically).
  useEffect(() => {
    if (phase.kind !== 'open' || !attempt) return;
    let last = 0;
    const send = (kind: Parameters<typeof attemptApi.signal>[1]) => {
      if (kind === 'focus_lost') {
        if (Date.now() - last < 2000) return; // blur + visibilitychange of one switch
        last = Date.now();
      }
      void attemptApi.signal(attempt.id, kind).catch(() => undefined);
    };
    const visibility = () => document.visibilityState === 'hidden' && send('focus_lost');
    const blur = () => send('focus_lost');
    const copy = () => send('copy');
    const paste = () => send('paste');
    const fullscreen = () => !document.fullscreenElement && send('fullscreen_exit');
    document.addEventListener('visibilitychange', visibility);
    window.addEventListener('blur', blur);
    document.addEventListener('copy', copy);
    document.addEventListener('paste', paste);
    document.addEventListener('fullscreenchange', fullscreen);
    return () => {
      document.removeEventListener('visibilitychange', visibility);
      window.removeEventListener('blur', blur);
      document.removeEventListener('copy', copy);
      document.removeEventListener('paste', paste);
      document.removeEventListener('fullscreenchange', fullscreen);
    };
  }, [phase.kind, attempt]);

  const items = attempt?.items ?? [];
  const answeredCount = useMemo(
    () => items.filter((i) => isAnswered(responses.get(i.ref))).length,
    [items, responses],
  );
  const queued = [...status.values()].filter((s) => s !== 'saved').length;

  const change = (ref: string, response: ItemResponse) => {
    setResponses((old) => new Map(old).set(ref, response));
    sync.current?.change(ref, response);
  };

  const submit = () => {
    if (!attempt) return;
    const unanswered = items.length - answeredCount;
    modal.confirm({
      title: t('exam.room.submitTitle'),
      content: (
        <div data-testid="submit-confirm">
          {unanswered > 0 ? t('exam.room.submitUnanswered', { n: unanswered }) : t('exam.room.submitAll')}
        </div>
      ),
      okText: t('exam.room.submit'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'submit-ok' } as ButtonProps,
      onOk: async () => {
        const left = (await sync.current?.settle(10_000)) ?? [];
        if (left.length > 0) {
          modal.error({
            title: t('exam.room.unsavedTitle'),
            content: t('exam.room.unsavedBody', { refs: left.join('、') }),
          });
          return;
        }
        try {
          const view = await attemptApi.submit(attempt.id);
          closeWith(view);
        } catch (error) {
          if (
            error instanceof ApiError &&
            ['ATTEMPT_SUBMITTED', 'ATTEMPT_NOT_IN_PROGRESS'].includes(error.code)
          ) {
            closeWith(await attemptApi.get(attempt.id).catch(() => undefined), error.message);
            return;
          }
          modal.error({ title: t('exam.room.submitFailed'), content: (error as Error).message });
        }
      },
    });
  };

  if (phase.kind === 'loading') {
    return (
      <div className="az-face-loading" role="status">
        <Spin size="large" />
      </div>
    );
  }
  if (phase.kind === 'refused') {
    return (
      <div className="az-exam-room-center">
        <Result
          status="warning"
          title={t('exam.room.cannotStart')}
          subTitle={
            <span data-testid="exam-refused" data-code={phase.code}>
              {phase.message}
            </span>
          }
          extra={<Link to="/portal/exams">{t('exam.room.backToExams')}</Link>}
        />
      </div>
    );
  }
  if (phase.kind === 'closed') {
    return (
      <div className="az-exam-room-center">
        <Result
          status="success"
          title={<span data-testid="exam-submitted">{t(`exam.room.closed.${phase.reason}`)}</span>}
          subTitle={
            <>
              {attempt?.submittedAt
                ? t('exam.room.submittedAt', { at: new Date(attempt.submittedAt).toLocaleString() })
                : null}
              {phase.message ? <div>{phase.message}</div> : null}
            </>
          }
          extra={<Link to="/portal/exams">{t('exam.room.backToExams')}</Link>}
        />
      </div>
    );
  }

  const current = items[Math.min(index, items.length - 1)];
  const statusOf = (ref: string) => status.get(ref);
  const itemCard = (item: (typeof items)[number], n: number) => (
    <Card
      key={item.ref}
      className="az-exam-card"
      title={
        <span>
          {t('exam.room.itemNo', { n: n + 1, total: items.length })}{' '}
          <Tag>{t('exam.item.points', { n: item.points })}</Tag>
        </span>
      }
      extra={
        <Space>
          <SaveBadge status={statusOf(item.ref)} itemRef={item.ref} />
          <Button
            size="small"
            icon={flags.has(item.ref) ? <FlagFilled /> : <FlagOutlined />}
            onClick={() => toggle(item.ref)}
            data-testid={`flag-${item.ref}`}
            aria-pressed={flags.has(item.ref)}
          >
            {flags.has(item.ref) ? t('exam.room.unflag') : t('exam.room.flag')}
          </Button>
        </Space>
      }
    >
      <ItemView
        body={item.body}
        itemRef={item.ref}
        response={responses.get(item.ref)}
        disabled={paused}
        onChange={(r) => change(item.ref, r)}
      />
    </Card>
  );
  const lowTime = clock.remaining !== undefined && clock.remaining < 5 * 60_000;
  return (
    <div className="az-exam-room" data-testid="exam-room" data-attempt-id={attempt?.id}>
      <header className="az-exam-head">
        <div className="az-exam-head-title">
          <div className="az-strong">{attempt?.sessionName}</div>
          <div className="az-muted az-mono">
            {t('exam.field.ticketNo')} {attempt?.ticketNo}
          </div>
        </div>
        <Tooltip title={t('exam.room.clockHint')}>
          <div
            className={lowTime ? 'az-exam-clock az-exam-clock-low' : 'az-exam-clock'}
            role="timer"
            aria-live="off"
          >
            <ClockCircleOutlined aria-hidden="true" />{' '}
            <span
              data-testid="exam-countdown"
              data-deadline={clock.deadlineAt}
              data-remaining-ms={clock.remaining}
            >
              {clock.remaining === undefined ? '--:--' : formatRemaining(clock.remaining)}
            </span>
          </div>
        </Tooltip>
        <Space wrap className="az-exam-head-tools">
          <span data-testid="exam-save-state" data-queued={queued}>
            {queued > 0 ? (
              <Tag icon={<CloudSyncOutlined />} color="orange">
                {t('exam.room.pendingCount', { n: queued })}
              </Tag>
            ) : (
              <Tag color="green">{t('exam.room.allSaved')}</Tag>
            )}
          </span>
          <Segmented
            size="small"
            value={mode}
            onChange={(v) => setMode(v as 'single' | 'list')}
            options={[
              { value: 'single', label: t('exam.room.modeSingle') },
              { value: 'list', label: t('exam.room.modeList') },
            ]}
          />
          <Button
            size="small"
            icon={<FullscreenOutlined />}
            onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
          >
            {t('exam.room.fullscreen')}
          </Button>
          <Button type="primary" danger onClick={submit} data-testid="exam-submit" disabled={paused}>
            {t('exam.room.submit')}
          </Button>
        </Space>
      </header>
      {!online ? (
        <Alert
          type="warning"
          banner
          icon={<DisconnectOutlined />}
          data-testid="offline-banner"
          message={t('exam.room.offline')}
        />
      ) : null}
      {fromCache ? <Alert type="info" banner message={t('exam.room.fromCache')} /> : null}
      {paused ? (
        <Alert type="error" banner data-testid="paused-banner" message={t('exam.room.paused')} />
      ) : null}
      {rejected ? (
        <Alert type="error" banner closable onClose={() => setRejected(undefined)} message={rejected} />
      ) : null}
      <div className="az-exam-body">
        <nav className="az-exam-nav" aria-label={t('exam.room.navigator')}>
          <div className="az-muted">
            {t('exam.room.progress', { answered: answeredCount, total: items.length })}
          </div>
          <div className="az-exam-nav-grid">
            {items.map((item, i) => {
              const answered = isAnswered(responses.get(item.ref));
              const cls = [
                'az-exam-nav-cell',
                answered ? 'is-answered' : 'is-unanswered',
                flags.has(item.ref) ? 'is-flagged' : '',
                mode === 'single' && current?.ref === item.ref ? 'is-current' : '',
              ].join(' ');
              return (
                <button
                  type="button"
                  key={item.ref}
                  className={cls}
                  data-testid={`nav-${item.ref}`}
                  data-state={answered ? 'answered' : 'unanswered'}
                  aria-label={`${item.ref} ${answered ? t('exam.room.answered') : t('exam.room.unanswered')}${flags.has(item.ref) ? ` ${t('exam.room.flagged')}` : ''}`}
                  onClick={() => {
                    setIndex(i);
                    if (mode === 'list') document.getElementById(`exam-item-${item.ref}`)?.scrollIntoView();
                  }}
                >
                  {i + 1}
                  {flags.has(item.ref) ? (
                    <FlagFilled className="az-exam-nav-flag" aria-hidden="true" />
                  ) : null}
                </button>
              );
            })}
          </div>
          <div className="az-exam-legend">
            <span className="az-exam-nav-cell is-answered" /> {t('exam.room.answered')}
            <span className="az-exam-nav-cell is-unanswered" /> {t('exam.room.unanswered')}
            <FlagFilled className="az-exam-legend-flag" /> {t('exam.room.flagged')}
          </div>
        </nav>
        <main className="az-exam-main" id="main">
          {mode === 'single' && current ? (
            <>
              {itemCard(current, items.indexOf(current))}
              <div className="az-exam-pager">
                <Button
                  icon={<LeftOutlined />}
                  disabled={index === 0}
                  onClick={() => setIndex(index - 1)}
                  data-testid="exam-prev"
                >
                  {t('exam.room.prev')}
                </Button>
                <Button
                  type="primary"
                  disabled={index >= items.length - 1}
                  onClick={() => setIndex(index + 1)}
                  data-testid="exam-next"
                >
                  {t('exam.room.next')} <RightOutlined />
                </Button>
              </div>
            </>
          ) : (
            items.map((item, i) => (
              <div id={`exam-item-${item.ref}`} key={item.ref}>
                {itemCard(item, i)}
              </div>
            ))
          )}
        </main>
      </div>
    </div>
  );
}

function SaveBadge({ status, itemRef }: { status: SaveStatus | undefined; itemRef: string }) {
  const { t } = useTranslation();
  if (!status) return null;
  const color = { saved: 'green', saving: 'blue', queued: 'orange', rejected: 'red' }[status];
  return (
    <Tag color={color} data-testid={`save-${itemRef}`} data-status={status}>
      {t(`exam.room.save.${status}`)}
    </Tag>
  );
}
