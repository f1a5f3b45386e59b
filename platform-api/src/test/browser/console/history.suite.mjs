// Call history, sessions with their log as a timeline, and the live view, in a real browser against a
// real node (started by ConsoleHistoryIT): real scenario sessions (StartScenarios) and real SIP calls
// (SIPp through the node, placed by the Java side before the 'call-history' test).
// Environment: DIALTONE_BASE_URL, DIALTONE_API_KEY (a fresh account's key for each test), DIALTONE_ACCOUNT;
// for 'call-history' also DIALTONE_CALLS (JSON: [{number, application, application_id, from}], the calls placed).
import {apiClient, signIn, unlabelledControls} from './helpers.mjs';

/** Writes numbered lines in order, then ends the session (kept short: the timeline is what is tested). */
const STEPS = `VoxEngine.addEventListener(AppEvents.Started, (e) => {
  Logger.write('step 1: started with ' + VoxEngine.customData());
  Logger.write('step 2: looking up the caller');
  Logger.write('step 3: done');
  VoxEngine.terminate();
});
`;

/**
 * Stays alive (a long timer) until its access URL is called: "join" calls the conference conf_live
 * (another session, which owns the conference), anything else ends it.
 */
const WAITS = `let call = null;
VoxEngine.addEventListener(AppEvents.Started, (e) => {
  Logger.write('waiting for a request to the access URL');
  setTimeout(() => VoxEngine.terminate(), 50000);
});
VoxEngine.addEventListener(AppEvents.HttpRequest, (e) => {
  if (e.content === 'join') {
    call = VoxEngine.callConference('conf_live', 'tester');
    call.addEventListener(CallEvents.Connected, () => Logger.write('in the conference'));
    call.addEventListener(CallEvents.Failed, (f) => { Logger.write('conference failed ' + f.code); VoxEngine.terminate(); });
    return 'joining';
  }
  Logger.write('asked to stop');
  if (call) call.hangup();
  setTimeout(() => VoxEngine.terminate(), 10);
  return 'stopping';
});
`;

/** The conference's own session: answers the conference call and ends when it is gone. */
const ROOM = `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  Logger.write('joining ' + e.destination);
  e.call.answer();
  e.call.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
});
`;

/** An application with one scenario and a rule running it; answers {app, rule}. */
async function appWithRule(api, name, source) {
  const app = await api('POST', '/api/v1/applications', {name});
  const scenario = await api('POST', `/api/v1/applications/${app.id}/scenarios`, {name: `${name}-scenario`, source});
  const rule = await api('POST', `/api/v1/applications/${app.id}/rules`, {name: `${name}-rule`, pattern: '.*', scenario_ids: [scenario.id]});
  return {app, rule};
}

/**
 * Starts a session of a rule without a call, over HTTP as any client would (StartScenarios' native form);
 * answers {session_id, access_url}.
 */
async function startScenarios(api, appId, ruleId, customData) {
  return api('POST', `/api/v1/applications/${appId}/rules/${ruleId}/sessions`, {custom_data: customData});
}

/** Waits until the session has ended (its log is complete). */
async function ended(api, eventually, sessionId) {
  await eventually(async () => Boolean((await api('GET', `/api/v1/sessions/${sessionId}`)).ended_at),
    {timeout: 20000, message: `session ${sessionId} ends`});
}

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

export default function (t) {
  t.test('session-timeline', async ({newPage, baseUrl, env, eventually, expectText, assert, assertEqual, step}) => {
    const api = apiClient(baseUrl, env.DIALTONE_API_KEY);
    const {app, rule} = await appWithRule(api, 'steps', STEPS);
    const first = await startScenarios(api, app.id, rule.id, 'first');
    await ended(api, eventually, first.session_id);
    const second = await startScenarios(api, app.id, rule.id, 'second');
    await ended(api, eventually, second.session_id);

    step('the application\'s sessions, newest first');
    const page = await newPage();
    await signIn(page, baseUrl, env.DIALTONE_API_KEY, {hash: `#/applications/${app.id}/sessions`});
    const rows = page.locator('tr[data-session-id]');
    await eventually(async () => (await rows.count()) === 2, {message: 'two sessions listed'});
    assertEqual(await rows.evaluateAll(els => els.map(e => e.dataset.sessionId)), [second.session_id, first.session_id],
      'sessions newest first');
    assertEqual(await unlabelledControls(page), [], 'controls without a label on the sessions page');

    step('a time range in the future lists none; back to any time lists both');
    await page.getByLabel('Time', {exact: true}).selectOption('custom');
    const later = new Date(Date.now() + 3600_000);
    const local = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    await page.getByLabel('From', {exact: true}).fill(local(later));
    await page.getByRole('button', {name: 'Show sessions'}).click();
    await expectText(page.locator('main'), 'No sessions in this time range.');
    assert(page.url().includes('range=custom'), 'the filters are kept in the address');
    await page.getByLabel('Time', {exact: true}).selectOption('');
    await page.getByRole('button', {name: 'Show sessions'}).click();
    await eventually(async () => (await rows.count()) === 2, {message: 'both sessions again'});

    step('open the first session: the Logger lines in order, on a timeline');
    await page.locator(`tr[data-session-id="${first.session_id}"]`).getByRole('link').click();
    await page.getByRole('heading', {name: 'Session', level: 1}).waitFor();
    const logLines = page.locator('#timeline li[data-kind="LOG"] .text');
    await eventually(async () => (await logLines.count()) === 3, {message: 'three Logger lines'});
    assertEqual(await logLines.allInnerTexts(), ['step 1: started with first', 'step 2: looking up the caller', 'step 3: done'],
      'Logger.write lines in order');
    const kinds = await page.locator('#timeline li').evaluateAll(els => els.map(e => e.dataset.kind));
    assert(kinds.includes('LIFECYCLE'), `lifecycle lines are shown too: ${kinds}`);
    const times = await page.locator('#timeline li time').evaluateAll(els => els.map(e => Date.parse(e.getAttribute('datetime'))));
    assertEqual(times, [...times].sort((a, b) => a - b), 'timeline entries in time order');
    await expectText(page.locator('dl.facts'), 'steps-scenario');
    await expectText(page.locator('#legs-title + *'), 'No calls');

    step('filter the timeline: Logger lines only, then by text');
    await page.getByLabel(/^Lifecycle \(\d+\)$/).uncheck();
    await eventually(async () => (await page.locator('#timeline li[data-kind="LIFECYCLE"]').count()) === 0,
      {message: 'lifecycle lines hidden'});
    await page.getByLabel('Find in the log').fill('looking up');
    await eventually(async () => (await page.locator('#timeline li').count()) === 1, {message: 'one line matches'});
    await expectText(page.locator('#timeline'), 'step 2: looking up the caller');
    assertEqual(await unlabelledControls(page), [], 'controls without a label on the session page');

    step('an unknown session says so');
    await page.goto(`${baseUrl}/console/#/sessions/no-such-session-0`);
    await page.getByRole('heading', {name: 'No such session'}).waitFor();
  });

  t.test('live-view', async ({newPage, baseUrl, env, eventually, expectText, assert, assertEqual, step, sleep}) => {
    const api = apiClient(baseUrl, env.DIALTONE_API_KEY);
    const app = await api('POST', '/api/v1/applications', {name: 'waits'});
    const appBase = `/api/v1/applications/${app.id}`;
    const room = await api('POST', `${appBase}/scenarios`, {name: 'room', source: ROOM});
    const waits = await api('POST', `${appBase}/scenarios`, {name: 'waits', source: WAITS});
    await api('POST', `${appBase}/rules`, {name: 'rooms', pattern: 'conf_[a-z]+', scenario_ids: [room.id]});
    const rule = await api('POST', `${appBase}/rules`, {name: 'waits', pattern: 'waits', scenario_ids: [waits.id]});
    const page = await newPage();
    await signIn(page, baseUrl, env.DIALTONE_API_KEY, {hash: '#/live'});
    step('signed in');
    await page.getByRole('heading', {name: 'Live', level: 1}).waitFor();
    step('live page shown');
    await eventually(async () => (await page.locator('.live-status').getAttribute('data-mode')) === 'stream',
      {message: 'the live stream is connected'});
    await expectText(page.locator('main'), 'No session is running.');
    const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length);

    step('start a session that waits: it appears without a reload');
    const s = await startScenarios(api, app.id, rule.id, 'live');
    const row = page.locator(`tr[data-session-id="${s.session_id}"]`);
    await row.waitFor({timeout: 10000});
    await expectText(row, 'waits');
    assertEqual(await page.evaluate(() => performance.getEntriesByType('navigation').length), loads, 'no page load happened');
    assertEqual(await page.locator('.live-status').getAttribute('data-mode'), 'stream', 'updated by the stream');

    step('it calls a conference: the conference and its session appear');
    assertEqual((await fetch(s.access_url, {method: 'POST', body: 'join'})).status, 200, 'the access URL answers');
    const conference = page.locator('tr[data-conference="conf_live"]');
    await conference.waitFor({timeout: 10000});
    await expectText(conference, '1');
    await eventually(async () => (await page.locator('tr[data-session-id]').count()) === 2, {message: 'two sessions running'});
    await expectText(row.locator('td[data-label="Calls"]'), '1');

    step('call its access URL again: both sessions end and disappear');
    const res = await fetch(s.access_url, {method: 'POST', body: 'stop'});
    assertEqual(res.status, 200, 'the access URL answers');
    await row.waitFor({state: 'detached', timeout: 10000});
    await conference.waitFor({state: 'detached', timeout: 10000});
    await expectText(page.locator('main'), 'No session is running.');
    await expectText(page.locator('main'), 'No conference is in progress.');

    step('without EventSource the page polls GET /api/v1/live and still follows');
    const polling = await newPage();
    await polling.addInitScript(() => { delete window.EventSource; });
    await signIn(polling, baseUrl, env.DIALTONE_API_KEY, {hash: '#/live'});
    await eventually(async () => (await polling.locator('.live-status').getAttribute('data-mode')) === 'polling',
      {message: 'the page falls back to polling'});
    const s2 = await startScenarios(api, app.id, rule.id, 'polled');
    const row2 = polling.locator(`tr[data-session-id="${s2.session_id}"]`);
    await row2.waitFor({timeout: 10000});
    await row2.getByRole('link', {name: s2.session_id}).click();
    await polling.getByRole('heading', {name: 'Session', level: 1}).waitFor();
    await expectText(polling.locator('dl.facts'), 'running');
    await expectText(polling.locator('#timeline'), 'waiting for a request to the access URL');
    step('the session page follows the running session to its end');
    await fetch(s2.access_url, {method: 'POST', body: 'stop'});
    await expectText(polling.locator('#timeline'), 'asked to stop', {timeout: 10000});
    await eventually(async () => !(await polling.locator('dl.facts').innerText()).includes('still running'),
      {timeout: 10000, message: 'the summary shows the end'});
  });

  t.test('call-history', async ({newPage, baseUrl, env, eventually, expectText, assert, assertEqual, step}) => {
    const calls = JSON.parse(env.DIALTONE_CALLS || '[]');
    assert(calls.length >= 2, 'the Java side placed at least two calls');
    const page = await newPage();
    await signIn(page, baseUrl, env.DIALTONE_API_KEY, {hash: '#/calls'});
    await page.getByRole('heading', {name: 'Call history', level: 1}).waitFor();
    const rows = page.locator('tr[data-call-id]');
    await eventually(async () => (await rows.count()) === calls.length, {message: `${calls.length} calls listed`});
    assertEqual(await unlabelledControls(page), [], 'controls without a label on the calls page');

    step('filter by number (with the keyboard: Enter in the field)');
    const [a, b] = calls;
    await page.getByLabel('Number').fill(a.number);
    await page.getByLabel('Number').press('Enter');
    await eventually(async () => (await rows.count()) === 1, {message: 'one call to the number'});
    await expectText(rows.first(), a.number);

    step('filter by application');
    await page.getByLabel('Number').fill('');
    await page.getByLabel('Application').selectOption({label: b.application});
    await page.getByRole('button', {name: 'Show calls'}).click();
    await eventually(async () => (await rows.count()) === 1, {message: 'one call of the application'});
    await expectText(rows.first(), b.number);

    step('filter by time: the last hour has both, an hour from now none');
    await page.getByLabel('Application').selectOption('');
    await page.getByLabel('Time', {exact: true}).selectOption('1h');
    await page.getByRole('button', {name: 'Show calls'}).click();
    await eventually(async () => (await rows.count()) === calls.length, {message: 'the last hour has every call'});
    await page.getByLabel('Time', {exact: true}).selectOption('custom');
    const later = new Date(Date.now() + 3600_000);
    const local = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    await page.getByLabel('From', {exact: true}).fill(local(later));
    await page.getByRole('button', {name: 'Show calls'}).click();
    await expectText(page.locator('main'), 'No calls match these filters.');

    step('a reload keeps the filters; clear them');
    await page.reload();
    await expectText(page.locator('main'), 'No calls match these filters.');
    assertEqual(await page.getByLabel('Time', {exact: true}).inputValue(), 'custom', 'range kept across a reload');
    await page.getByRole('button', {name: 'Clear'}).click();
    await eventually(async () => (await rows.count()) === calls.length, {message: 'every call again'});

    step('open a call\'s timeline with the keyboard: its scenario\'s Logger lines in order');
    const timelineLink = page.locator(`tr[data-call-id]`).filter({hasText: a.number}).getByRole('link', {name: /Timeline/});
    await timelineLink.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');   // focus moved by the keyboard: the browser shows it
    assert(await timelineLink.evaluate(el => getComputedStyle(el).outlineStyle !== 'none' && el.matches(':focus-visible')),
      'the focused link shows its focus');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', {name: 'Session', level: 1}).waitFor();
    const logLines = page.locator('#timeline li[data-kind="LOG"] .text');
    await eventually(async () => (await logLines.count()) >= 2, {message: 'the Logger lines'});
    assertEqual((await logLines.allInnerTexts()).slice(0, 2), [`answering ${a.number}`, 'answered'], 'Logger.write lines in order');
    const leg = page.locator('tr[data-call-id][aria-current="true"]');
    await expectText(leg, a.number);

    step('390 px: the calls page and the timeline fit');
    const phone = await newPage({viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
    await signIn(phone, baseUrl, env.DIALTONE_API_KEY, {hash: '#/calls'});
    await phone.locator('tr[data-call-id]').first().waitFor();
    assertEqual(await overflow(phone), 0, 'horizontal overflow on the calls page at 390 px');
    await phone.locator('tr[data-call-id]').first().getByRole('link', {name: /Timeline/}).click();
    await phone.locator('#timeline li').first().waitFor();
    assertEqual(await overflow(phone), 0, 'horizontal overflow on the session page at 390 px');
    await phone.getByRole('link', {name: 'Live'}).click();
    await phone.locator('.live-status[data-mode="stream"]').waitFor();
    assertEqual(await overflow(phone), 0, 'horizontal overflow on the live page at 390 px');
  });
}
