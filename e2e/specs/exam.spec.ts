import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, portalLogin, screenshotPath } from '../support/session.ts';
import { freshTotp } from '../support/totp.ts';

// Issue 6 "Done means" (REQ-EXAM-1/2/4, NFR-REL-1): demo-holder 张安全 takes a theory exam in
// the browser, the network drops for some answers and the page reloads, every answer survives,
// the countdown follows the server's deadline, the attempt submits; two assessors double-mark
// the practical blind; the composite result reaches the candidate.
//
// The demo (apps/server/src/demo/exam-demo.ts) gives the approved item bank, the junior
// blueprint and 张安全's approved junior application scheduled next week. A session next week
// cannot be sat now, so the officer moves him into a session starting in a few seconds.

test.describe.configure({ mode: 'serial' });

async function apiLogin(baseURL: string, username: string, totp = false): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL });
  const body: Record<string, string> = { username, password: DEMO_PASSWORD };
  if (totp) body.totp = await freshTotp(username, DEMO_TOTP_SECRET);
  const res = await ctx.post('/api/v1/auth/login', { data: body });
  expect(res.status(), await res.text()).toBe(200);
  return ctx;
}

async function json<T>(res: { status(): number; text(): Promise<string> }, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  return JSON.parse(text) as T;
}

interface Registration {
  id: string;
  sessionId: string;
  applicationId: string;
  personId: string;
  ticketNo: string;
  state: string;
}
interface DeliveredItem {
  ref: string;
  body: { type: string; options?: { id: string }[]; subItems?: unknown[] };
}
interface Attempt {
  id: string;
  state: string;
  serverNow: string;
  deadlineAt: string;
  items: DeliveredItem[];
  answers: { itemRef: string; seq: number; response: { choices?: string[] } }[];
}

/** Sets up the session and returns what the browser part needs. */
async function scheduleHolderNow(baseURL: string) {
  const holder = await apiLogin(baseURL, 'demo-holder');
  const officer = await apiLogin(baseURL, 'demo-officer-sz', true);
  try {
    const blueprints = await json<{ items: { id: string; certificateTypeCode: string; level: string }[] }>(
      await officer.get('/api/v1/blueprints?state=active'),
    );
    const blueprint = blueprints.items.find((b) => b.certificateTypeCode === '00' && b.level === 'junior');
    expect(blueprint, 'the exam demo seeds the junior blueprint (seedExamDemo)').toBeDefined();
    const mine = await json<{ items: Registration[] }>(await holder.get('/api/v1/exam-registrations'));
    const planned = mine.items.find((r) => r.state === 'scheduled' || r.state === 'checked_in');
    expect(planned, 'the exam demo schedules 张安全 in a session').toBeDefined();
    const applicationId = (planned as Registration).applicationId;
    await json(
      await officer.post(`/api/v1/exam-registrations/${(planned as Registration).id}/cancel`, { data: {} }),
    );

    const startsAt = new Date(Date.now() + 8_000);
    const session = await json<{ id: string }>(
      await officer.post('/api/v1/exam-sessions', {
        data: {
          name: `端到端测试考场 ${startsAt.toISOString().slice(11, 19)}`,
          divisionCode: '440300',
          place: '深圳市南山区考试中心（端到端测试）',
          capacity: 5,
          startsAt: startsAt.toISOString(),
          startWindowSeconds: 0,
          blueprintId: (blueprint as { id: string }).id,
          durationMinutes: 30,
        },
      }),
    );
    const scheduled = await json<{ scheduled: Registration[]; errors: unknown[] }>(
      await officer.post(`/api/v1/exam-sessions/${session.id}/registrations`, {
        data: { applicationIds: [applicationId] },
      }),
    );
    expect(scheduled.errors).toEqual([]);
    const registration = scheduled.scheduled[0] as Registration;
    await json(await officer.post(`/api/v1/exam-sessions/${session.id}/open`, { data: {} }));
    // Check-in: ticket + the full ID number (revealed to the officer, audited).
    const person = await json<{ idNumber: string }>(
      await officer.get(`/api/v1/persons/${registration.personId}?reveal=idNumber`),
    );
    await json(
      await officer.post(`/api/v1/exam-sessions/${session.id}/check-in`, {
        data: { ticketNo: registration.ticketNo, idNumber: person.idNumber },
      }),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, startsAt.getTime() - Date.now() + 500)));
    return { sessionId: session.id, registration };
  } finally {
    await holder.dispose();
    await officer.dispose();
  }
}

/** The first option of a choice item; the save badge must reach "已保存" (server acknowledged). */
async function answerChoice(page: Page, item: DeliveredItem, expectSaved = true) {
  await page.getByTestId(`nav-${item.ref}`).click();
  const option = item.body.options?.[0]?.id ?? 'T';
  await page.getByTestId(`option-${item.ref}-${option}`).click();
  if (expectSaved) {
    await expect(page.getByTestId(`save-${item.ref}`)).toHaveAttribute('data-status', 'saved');
  }
  return option;
}

test('a holder sits an exam through a network cut and a reload; marking and the composite result follow', async ({
  page,
  context,
  baseURL,
}, testInfo) => {
  test.setTimeout(420_000);
  const base = baseURL ?? '';
  const { registration } = await scheduleHolderNow(base);

  // ---- the candidate enters the exam room from 我的考试 -----------------------------------
  await portalLogin(page, 'demo-holder', '/portal/exams');
  const card = page.locator(`[data-testid="my-exam"][data-ticket="${registration.ticketNo}"]`);
  await expect(card).toBeVisible();
  await card.getByTestId('enter-exam').click();
  const room = page.getByTestId('exam-room');
  await expect(room).toBeVisible();
  const attemptId = (await room.getAttribute('data-attempt-id')) ?? '';
  const attempt = await json<Attempt>(await page.request.get(`/api/v1/attempts/${attemptId}`));
  const choice = attempt.items.filter((i) => ['single_choice', 'true_false'].includes(i.body.type));
  expect(choice.length).toBeGreaterThanOrEqual(5);

  // Online: three answers, each acknowledged by the server.
  const expected = new Map<string, string>();
  for (const item of choice.slice(0, 3)) expected.set(item.ref, await answerChoice(page, item));

  // Offline: two more answers wait in IndexedDB, the banner says so.
  await context.setOffline(true);
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  for (const item of choice.slice(3, 5)) {
    expected.set(item.ref, await answerChoice(page, item, false));
    await expect(page.getByTestId(`save-${item.ref}`)).toHaveAttribute('data-status', /queued|saving/);
  }
  await page.screenshot({ path: screenshotPath(testInfo, 'exam-room-offline'), fullPage: true });

  // Back online but autosave still blocked: a reload must bring the queued answers back from IndexedDB.
  await page.route('**/api/v1/attempts/*/answers/**', (route) => route.abort());
  await context.setOffline(false);
  await page.reload();
  await expect(room).toBeVisible();
  for (const [ref, option] of expected) {
    await page.getByTestId(`nav-${ref}`).click();
    await expect(page.getByTestId(`option-${ref}-${option}`)).toBeChecked();
  }
  // Unblocked: the queue drains (retry with backoff) and every answer is acknowledged.
  await page.unroute('**/api/v1/attempts/*/answers/**');
  await expect(page.getByTestId('exam-save-state')).toHaveAttribute('data-queued', '0', { timeout: 45_000 });

  // A second reload: every answer now comes from the server.
  await page.reload();
  await expect(room).toBeVisible();
  const stored = await json<Attempt>(await page.request.get(`/api/v1/attempts/${attemptId}`));
  for (const [ref, option] of expected) {
    expect(stored.answers.find((a) => a.itemRef === ref)?.response.choices).toEqual([option]);
    await expect(page.getByTestId(`nav-${ref}`)).toHaveAttribute('data-state', 'answered');
  }

  // The countdown is the server's: within a few seconds of deadlineAt − serverNow.
  const countdown = page.getByTestId('exam-countdown');
  await expect(countdown).toHaveAttribute('data-deadline', stored.deadlineAt);
  const shownMs = Number(await countdown.getAttribute('data-remaining-ms'));
  const serverMs = Date.parse(stored.deadlineAt) - Date.parse(stored.serverNow);
  expect(Math.abs(shownMs - serverMs)).toBeLessThan(5_000);
  await page.screenshot({ path: screenshotPath(testInfo, 'exam-room'), fullPage: true });

  // Submit with confirmation.
  await page.getByTestId('exam-submit').click();
  await expect(page.getByTestId('submit-confirm')).toBeVisible();
  await page.getByTestId('submit-ok').click();
  await expect(page.getByTestId('exam-submitted')).toBeVisible();

  // ---- marking: theory auto-grading (+ any subjective item), practical double-marked blind --
  const assessor = await apiLogin(base, 'demo-assessor');
  const second = await apiLogin(base, 'demo-item-writer');
  const officer = await apiLogin(base, 'demo-officer-sz', true);
  try {
    const grading = await json<{ pendingItems: string[]; items: { itemRef: string; maxPoints: number }[] }>(
      await assessor.post(`/api/v1/attempts/${attemptId}/grade`, { data: {} }),
    );
    for (const ref of grading.pendingItems) {
      const max = grading.items.find((i) => i.itemRef === ref)?.maxPoints ?? 0;
      await json(
        await assessor.put(`/api/v1/attempts/${attemptId}/item-marks/${ref}`, {
          data: { points: Math.round(max / 2), comment: '端到端测试评分' },
        }),
      );
    }
    const me1 = await json<{ user: { id: string } }>(await assessor.get('/api/v1/auth/me'));
    const me2 = await json<{ user: { id: string } }>(await second.get('/api/v1/auth/me'));
    const task = await json<{ id: string }>(
      await officer.post(`/api/v1/exam-registrations/${registration.id}/assessments`, {
        data: {
          component: 'practical',
          title: '有限空间作业应急演练',
          rubric: [
            { id: 'C1', description: '危险有害因素辨识', points: 40 },
            { id: 'C2', description: '应急处置程序', points: 60 },
          ],
          firstAssessorId: me1.user.id,
          secondAssessorId: me2.user.id,
        },
      }),
    );

    // First assessor marks in the console; the page is blind to the other marker.
    await page.context().clearCookies();
    await page.goto('/console/login');
    const form = page.getByTestId('login-form');
    await form.getByLabel('用户名').fill('demo-assessor');
    await form.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page).toHaveURL(/\/console/);
    await page.goto(`/console/exam/marking?assessment=${task.id}`);
    await page.getByTestId('criterion-C1').fill('32');
    await page.getByTestId('criterion-C2').fill('48');
    await page.getByTestId('mark-submit').click();
    await expect(page.getByTestId('assessment')).toHaveAttribute('data-state', 'marking');
    await expect(page.getByTestId('assessment').locator('tbody tr.ant-table-row')).toHaveCount(1);
    await page.screenshot({ path: screenshotPath(testInfo, 'exam-marking'), fullPage: true });

    // The second assessor (a different person) marks within the threshold: the mean counts.
    await json(
      await second.post(`/api/v1/exam-assessments/${task.id}/marks`, {
        data: { criteria: { C1: 34, C2: 50 } },
      }),
    );
    await page.reload();
    await expect(page.getByTestId('assessment')).toHaveAttribute('data-state', 'completed');
    await expect(page.getByTestId('assessment-final')).toHaveText('82');

    // The officer publishes the composite result.
    await json(await officer.post(`/api/v1/exam-registrations/${registration.id}/results`, { data: {} }));
  } finally {
    await assessor.dispose();
    await second.dispose();
    await officer.dispose();
  }

  // ---- the candidate sees the composite ----------------------------------------------------
  await page.context().clearCookies();
  await portalLogin(page, 'demo-holder', '/portal/exams');
  const result = page.getByTestId('my-result').first();
  await expect(result).toBeVisible();
  await expect(result.getByTestId('result-practical')).toHaveText('82.0');
  await expect(result.getByTestId('result-composite')).not.toHaveText('—');
  await page.screenshot({ path: screenshotPath(testInfo, 'exam-results'), fullPage: true });
});
