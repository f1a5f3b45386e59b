// Screenshots of the console's main pages for docs/console/ (run by ConsoleScreenshotsIT only when asked:
// see platform-api/README.md). Builds a small, realistic account through the API first; the Java side has
// already placed a few SIP calls (SIPp) to the account's "reception" application for the call history.
import {apiClient, dragRule, signIn} from './helpers.mjs';

const GREETING = `// Answers, greets the caller and hangs up.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  const call = e.call;
  call.answer();
  call.addEventListener(CallEvents.Connected, () => {
    call.say('Welcome to Acme. Connecting you now.', Language.UK_ENGLISH_FEMALE);
  });
  call.addEventListener(CallEvents.PlaybackFinished, () => call.hangup());
  call.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
});
`;

const ROOM = `require(Modules.Conference);
// One session per conference name: everyone who calls conf_<id> is mixed together.
let conference;
VoxEngine.addEventListener(AppEvents.Started, () => {
  conference = VoxEngine.createConference();
});
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  e.call.answer();
  e.call.addEventListener(CallEvents.Connected, () => {
    VoxEngine.sendMediaBetween(e.call, conference);
    Logger.write(\`joined: \${e.callerid}\`);
  });
});
`;

/** Waits in a queue until its access URL is called; "join" calls the conference conf_sales. */
const QUEUE = `let call = null;
VoxEngine.addEventListener(AppEvents.Started, () => Logger.write('caller queued: ' + VoxEngine.customData()));
VoxEngine.addEventListener(AppEvents.HttpRequest, (e) => {
  if (e.content === 'join') {
    call = VoxEngine.callConference('conf_sales', 'queue');
    return 'joining';
  }
  if (call) call.hangup();
  VoxEngine.terminate();
  return 'bye';
});
`;

const SALES_ROOM = `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  e.call.answer();
  e.call.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
});
`;

export default function (t) {
  t.test('screenshots', async ({newPage, baseUrl, env, screenshot, expectText, sleep}) => {
    const key = env.DIALTONE_API_KEY;
    const api = apiClient(baseUrl, key);
    const app = await api('POST', '/api/v1/applications', {name: 'conference'});
    await api('POST', '/api/v1/applications', {name: 'support-line'});
    await api('POST', '/api/v1/applications', {name: 'voicemail'});
    const appBase = `/api/v1/applications/${app.id}`;
    const greeting = await api('POST', `${appBase}/scenarios`, {name: 'greeting', source: GREETING});
    const room = await api('POST', `${appBase}/scenarios`, {name: 'conference-room', source: ROOM});
    await api('POST', `${appBase}/scenarios/${room.id}/versions`, {source: ROOM.replace('everyone', 'every caller')});
    await api('POST', `${appBase}/rules`, {name: 'main-number', pattern: '\\+15551230000', scenario_ids: [greeting.id]});
    await api('POST', `${appBase}/rules`, {name: 'joinconf', pattern: 'joinconf', scenario_ids: [greeting.id, room.id]});
    await api('POST', `${appBase}/rules`, {name: 'catch-all', pattern: '.*', exclude_pattern: '\\+1900.*', scenario_ids: [greeting.id]});
    await api('POST', `${appBase}/rules`, {name: 'conference', pattern: 'conf_[A-Za-z0-9]+', scenario_ids: [room.id]});
    for (const [name, display] of [['alice', 'Alice Martin'], ['bob', 'Bob Okafor'], ['carol', 'Carol Ng']]) {
      await api('POST', `${appBase}/users`, {name, display_name: display, password: `${name}-secret-pw`});
    }
    await api('POST', '/api/v1/phone-numbers', {number: '+15551230000', application_id: app.id});
    await api('POST', '/api/v1/phone-numbers', {number: '+15551230001', application_id: app.id});
    await api('POST', '/api/v1/sip-trunks', {name: 'carrier-east', host: 'sip.carrier.example', port: 5060, transport: 'udp',
      allowed_sources: ['198.51.100.0/24', '203.0.113.7'], username: 'acme', password: 'trunk-password'});

    const page = await newPage({viewport: {width: 1280, height: 800}});
    await page.goto(`${baseUrl}/console/`);
    await page.getByRole('heading', {name: 'Sign in to Dialtone'}).waitFor();
    await page.mouse.click(5, 5);
    await screenshot(page, '01-sign-in');
    await signIn(page, baseUrl, key);
    await page.locator('tr[data-app="conference"]').waitFor();
    await page.mouse.click(5, 790);
    await screenshot(page, '02-applications');

    await page.goto(`${baseUrl}/console/#/applications/${app.id}/scenarios/${room.id}`);
    const editor = page.getByLabel('Scenario source (JavaScript)');
    await editor.waitFor();
    await editor.fill(ROOM.replace('Logger.write(`joined: ${e.callerid}`);', 'Logger.write(`joined: ${e.callerid}`;'));
    await page.getByRole('button', {name: 'Save', exact: true}).click();
    await page.locator('.syntax-error').waitFor();
    await sleep(300);
    await screenshot(page, '03-scenario-editor');

    page.once('dialog', d => d.accept()); // "leave without saving?"
    await page.goto(`${baseUrl}/console/#/applications/${app.id}/rules`);
    await page.locator('li[data-rule-name="conference"][data-shadowed="true"]').waitFor();
    await page.getByLabel('Which rule does this reach?').fill('conf_7f3a');
    await expectText(page.locator('#dial-result .matched-name'), 'catch-all');
    await page.mouse.click(5, 790);
    await sleep(300);
    await screenshot(page, '04-rules-shadowed', {fullPage: true});

    await dragRule(page, 'catch-all', 'conference', 'after');
    await page.locator('li[data-shadowed="true"]').first().waitFor({state: 'detached'}).catch(() => {});
    await expectText(page.locator('#dial-result .matched-name'), 'conference');
    await api('PUT', `${appBase}/rules/order`, {
      rule_ids: (await api('GET', `${appBase}/rules`)).rules.map(r => r.id).reverse(),
      version: (await api('GET', `${appBase}/rules`)).version});
    await dragRule(page, 'joinconf', 'main-number', 'before');
    await page.locator('.conflict').waitFor();
    await sleep(300);
    await screenshot(page, '05-rules-conflict');

    await page.goto(`${baseUrl}/console/#/applications/${app.id}/users`);
    await page.locator('table.data').waitFor();
    await screenshot(page, '06-users');
    await page.goto(`${baseUrl}/console/#/phone-numbers`);
    await page.locator('table.data').waitFor();
    await screenshot(page, '07-phone-numbers');
    await page.goto(`${baseUrl}/console/#/sip-trunks`);
    await page.locator('table.data').waitFor();
    await page.getByRole('button', {name: 'Edit carrier-east'}).click();
    await page.getByRole('dialog').waitFor();
    await sleep(300);
    await screenshot(page, '08-sip-trunk-edit');

    // Call history: the calls ConsoleScreenshotsIT placed through the node with SIPp before the suite ran.
    await page.keyboard.press('Escape');
    await page.goto(`${baseUrl}/console/#/calls`);
    await page.locator('tr[data-call-id]').nth(2).waitFor();
    await page.mouse.click(5, 790);
    await screenshot(page, '10-call-history');
    await page.locator('tr[data-call-id]').first().getByRole('link', {name: /Timeline/}).click();
    await page.locator('#timeline li[data-kind="LOG"]').first().waitFor();
    await page.locator('tr[data-call-id]').first().waitFor();
    await sleep(300);
    await screenshot(page, '11-session-timeline', {fullPage: true});

    // Live: two queued sessions, one of them in a conference (whose own session runs it).
    const sales = (await api('GET', '/api/v1/applications')).applications.find(a => a.name === 'support-line');
    const salesBase = `/api/v1/applications/${sales.id}`;
    const queue = await api('POST', `${salesBase}/scenarios`, {name: 'queue', source: QUEUE});
    const salesRoom = await api('POST', `${salesBase}/scenarios`, {name: 'sales-room', source: SALES_ROOM});
    await api('POST', `${salesBase}/rules`, {name: 'rooms', pattern: 'conf_[a-z]+', scenario_ids: [salesRoom.id]});
    const queueRule = await api('POST', `${salesBase}/rules`, {name: 'queue', pattern: 'queue', scenario_ids: [queue.id]});
    await page.goto(`${baseUrl}/console/#/live`);
    await page.locator('.live-status[data-mode="stream"]').waitFor();
    const first = await api('POST', `${salesBase}/rules/${queueRule.id}/sessions`, {custom_data: '+15550004444'});
    await api('POST', `${salesBase}/rules/${queueRule.id}/sessions`, {custom_data: '+15550005555'});
    await fetch(first.access_url, {method: 'POST', body: 'join'});
    await page.locator('tr[data-conference="conf_sales"]').waitFor();
    await page.locator('tr[data-session-id]').nth(2).waitFor();
    await sleep(4500); // the "new" highlight fades
    await screenshot(page, '12-live');

    const phone = await newPage({viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true, deviceScaleFactor: 1});
    await signIn(phone, baseUrl, key, {hash: `#/applications/${app.id}/rules`});
    await phone.locator('li[data-rule-name="catch-all"]').waitFor();
    await phone.getByLabel('Which rule does this reach?').fill('joinconf');
    await phone.locator('#dial-result .matched-name').waitFor();
    await phone.evaluate(() => window.scrollTo(0, 0));
    await screenshot(phone, '09-rules-390px');
    await phone.goto(`${baseUrl}/console/#/calls`);
    await phone.locator('tr[data-call-id]').first().waitFor();
    await screenshot(phone, '13-call-history-390px');
  }, {timeout: 180000});
}
