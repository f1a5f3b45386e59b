// The admin console in a real browser against a real node (started by ConsoleBrowserIT).
// Environment: DIALTONE_BASE_URL, DIALTONE_API_KEY (a fresh account's key for each test),
// DIALTONE_ACCOUNT (that account's name), DIALTONE_ADMIN_PASSWORD.
import {apiClient, dragRule, savedRuleNames, shownRuleNames, signIn, unlabelledControls} from './helpers.mjs';

const BROKEN = `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  e.call.answer();
  e.call.say('hello, Language.UK_ENGLISH_FEMALE);
});
`;
const FIXED = `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  e.call.answer();
  e.call.say('hello', Language.UK_ENGLISH_FEMALE);
});
`;

export default function (t) {
  t.test('main-flow', async ({newPage, baseUrl, env, eventually, expectText, assert, assertEqual, step}) => {
    const key = env.DIALTONE_API_KEY;
    const api = apiClient(baseUrl, key);
    const page = await newPage();

    step('sign in with the API key');
    await signIn(page, baseUrl, key);
    await page.getByRole('heading', {name: 'Applications', level: 1}).waitFor();
    assertEqual(await unlabelledControls(page), [], 'controls without a label on the applications page');

    step('create an application');
    const createForm = page.locator('form[aria-label="New application"]');
    await createForm.getByLabel('Name').fill('conference');
    await createForm.getByRole('button', {name: 'Create application'}).click();
    const row = page.locator('tr[data-app="conference"]');
    await row.waitFor();
    await row.getByRole('link', {name: 'Scenarios'}).click();
    await page.getByRole('link', {name: 'New scenario'}).click();
    const appId = Number(page.url().match(/applications\/(\d+)/)[1]);

    step('save a scenario with a syntax error: see line:column, the caret goes there');
    await page.getByLabel('Scenario name').fill('greeting');
    const editor = page.getByLabel('Scenario source (JavaScript)');
    await editor.fill(BROKEN);
    await page.getByRole('button', {name: 'Create scenario'}).click();
    const error = page.locator('.syntax-error');
    await expectText(error, 'Line 3, column 14');
    await expectText(error, 'unterminated string');
    const caret = await editor.evaluate(el => ({focused: document.activeElement === el, at: el.selectionStart, value: el.value}));
    assert(caret.focused, 'the editor has the focus after a syntax error');
    const lines = caret.value.split('\n');
    assertEqual(caret.at, lines[0].length + 1 + lines[1].length + 1 + 13, 'caret offset (line 3, column 14)');
    assert(await page.locator('.editor .gutter .error').innerText() === '3', 'line 3 is marked in the gutter');

    step('fix it and save: version 1, active, by this account through the console');
    await editor.fill(FIXED);
    await page.getByRole('button', {name: 'Create scenario'}).click();
    const versions = page.locator('.versions');
    await expectText(versions, `by ${env.DIALTONE_ACCOUNT} (console, API key)`);
    await expectText(versions.locator('li[data-version="1"]'), 'active');

    step('save version 2, then roll back to version 1');
    await editor.fill(FIXED.replace("'hello'", "'hello again'"));
    await page.getByRole('button', {name: 'Save', exact: true}).click();
    await expectText(versions.locator('li[data-version="2"]'), 'active');
    await versions.getByRole('button', {name: 'Roll back'}).click();
    await page.getByRole('dialog').getByRole('button', {name: 'Roll back'}).click();
    await expectText(versions.locator('li[data-version="1"]'), 'active');
    const scenarioList = await api('GET', `/api/v1/applications/${appId}/scenarios`);
    assertEqual(scenarioList.scenarios[0].active_version, 1, 'active version after roll back');

    step('add the four rules (a bad pattern first: the API says why, next to the field)');
    await page.locator('nav.tabs').getByRole('link', {name: 'Rules'}).click();
    const addForm = page.locator('form[aria-labelledby="add-rule-title"]');
    const addRule = async (name, pattern) => {
      await addForm.getByRole('textbox', {name: 'Name', exact: true}).fill(name);
      await addForm.getByRole('textbox', {name: 'Pattern', exact: true}).fill(pattern);
      await addForm.getByLabel('greeting').check();
      await addForm.getByRole('button', {name: 'Add rule'}).click();
    };
    await addRule('direct', '+15551230000');
    await expectText(addForm.locator('[data-field="pattern"] .field-error'), /pattern/i);
    assertEqual(await addForm.getByRole('textbox', {name: 'Pattern', exact: true}).getAttribute('aria-invalid'), 'true', 'pattern marked invalid');
    await addRule('direct', '\\+15551230000');
    await page.locator('li[data-rule-name="direct"]').waitFor();
    await addRule('joinconf', 'joinconf');
    await page.locator('li[data-rule-name="joinconf"]').waitFor();
    await addRule('conference', 'conf_[A-Za-z0-9]+');
    await page.locator('li[data-rule-name="conference"]').waitFor();
    await addRule('catch-all', '.*');
    await page.locator('li[data-rule-name="catch-all"]').waitFor();
    assertEqual(await shownRuleNames(page), ['direct', 'joinconf', 'conference', 'catch-all'], 'rule order');
    assertEqual(await page.locator('li[data-shadowed="true"]').count(), 0, 'no shadowed rule yet');
    assertEqual(await unlabelledControls(page), [], 'controls without a label on the rules page');

    step('the dial box answers as you type');
    const dial = page.getByLabel('Which rule does this reach?');
    const matched = page.locator('#dial-result .matched-name');
    await dial.fill('joinconf');
    await expectText(matched, 'joinconf');
    await dial.fill('conf_abc123');
    await expectText(matched, 'conference');
    await dial.fill('+15551230000');
    await expectText(matched, 'direct');
    await dial.fill('joinconf');
    await expectText(matched, 'joinconf');

    step('drag .* to the top: the other three are shadowed by it, joinconf now reaches it');
    await dragRule(page, 'catch-all', 'direct', 'before');
    await eventually(async () => assertEqual(await savedRuleNames(api, appId),
      ['catch-all', 'direct', 'joinconf', 'conference'], 'saved order'), {message: 'the dragged order is saved'});
    await eventually(async () => assertEqual(await page.locator('li[data-shadowed="true"]').evaluateAll(
      els => els.map(e => e.dataset.ruleName)), ['direct', 'joinconf', 'conference'], 'shadowed rules'));
    for (const name of ['direct', 'joinconf', 'conference']) {
      await expectText(page.locator(`li[data-rule-name="${name}"] .shadow-note`), 'shadowed by catch-all');
    }
    await expectText(matched, 'catch-all');

    step('drag it back to the bottom');
    await dragRule(page, 'catch-all', 'conference', 'after');
    await eventually(async () => assertEqual(await savedRuleNames(api, appId),
      ['direct', 'joinconf', 'conference', 'catch-all'], 'saved order'));
    await eventually(async () => assertEqual(await page.locator('li[data-shadowed="true"]').count(), 0, 'shadowed count'));
    await expectText(matched, 'joinconf');

    step('a second browser reorders; this one\'s stale reorder is refused and says so');
    const other = await newPage();
    await signIn(other, baseUrl, key, {hash: `#/applications/${appId}/rules`});
    await other.locator('li[data-rule-name="direct"] .grip').focus();
    await other.keyboard.press('Alt+ArrowDown');
    await eventually(async () => assertEqual(await savedRuleNames(api, appId),
      ['joinconf', 'direct', 'conference', 'catch-all'], 'the other browser\'s order is saved'));
    await dragRule(page, 'conference', 'direct', 'before');
    const conflict = page.locator('.conflict');
    await expectText(conflict, 'Someone else changed these rules');
    await expectText(conflict, 'not saved');
    assertEqual(await savedRuleNames(api, appId), ['joinconf', 'direct', 'conference', 'catch-all'],
      'the other browser\'s order was not overwritten');
    assertEqual(await shownRuleNames(page), ['direct', 'joinconf', 'conference', 'catch-all'],
      'this page puts back the order it last knew');
    assert(await page.locator('li[data-rule-name="direct"] .grip').isDisabled(), 'reordering waits for a reload');
    await conflict.getByRole('button', {name: 'Reload rules'}).click();
    await conflict.waitFor({state: 'hidden'});
    assertEqual(await shownRuleNames(page), ['joinconf', 'direct', 'conference', 'catch-all'], 'order after reload');
  });

  t.test('crud-pages', async ({newPage, baseUrl, env, eventually, expectText, assertEqual, step}) => {
    const api = apiClient(baseUrl, env.DIALTONE_API_KEY);
    const page = await newPage();
    await signIn(page, baseUrl, env.DIALTONE_API_KEY);
    const dialog = page.getByRole('dialog');

    step('applications: create, rename, delete after confirming');
    const createForm = page.locator('form[aria-label="New application"]');
    await createForm.getByLabel('Name').fill('first-app');
    await createForm.getByRole('button', {name: 'Create application'}).click();
    await page.getByRole('button', {name: 'Rename first-app'}).click();
    await dialog.getByLabel('New name').fill('Bad Name');
    await dialog.getByRole('button', {name: 'Rename'}).click();
    await expectText(dialog.locator('.field-error'), 'lower-case');
    await dialog.getByLabel('New name').fill('renamed-app');
    await dialog.getByRole('button', {name: 'Rename'}).click();
    await page.locator('tr[data-app="renamed-app"]').waitFor();
    await createForm.getByLabel('Name').fill('doomed-app');
    await createForm.getByRole('button', {name: 'Create application'}).click();
    await page.getByRole('button', {name: 'Delete doomed-app'}).click();
    await dialog.getByRole('button', {name: 'Cancel'}).click();
    assertEqual((await api('GET', '/api/v1/applications?name=doomed')).total, 1, 'cancelled delete keeps it');
    await page.getByRole('button', {name: 'Delete doomed-app'}).click();
    await dialog.getByRole('button', {name: 'Delete application'}).click();
    await page.locator('tr[data-app="doomed-app"]').waitFor({state: 'detached'});
    const app = (await api('GET', '/api/v1/applications?name=renamed-app')).applications[0];

    step('users: create, edit, delete');
    await page.locator('tr[data-app="renamed-app"]').getByRole('link', {name: 'Users'}).click();
    await page.getByRole('button', {name: 'New user'}).click();
    await dialog.getByLabel('User name').fill('alice');
    await dialog.getByLabel('Display name').fill('Alice Martin');
    await dialog.getByLabel('Password').fill('short');
    await dialog.getByRole('button', {name: 'Create user'}).click();
    await expectText(dialog.locator('[data-field="password"] .field-error'), '8');
    await dialog.getByLabel('Password').fill('a-good-password');
    await dialog.getByRole('button', {name: 'Create user'}).click();
    await expectText(page.locator('table.data'), 'Alice Martin');
    await page.getByRole('button', {name: 'Edit alice'}).click();
    await dialog.getByLabel('Display name').fill('Alice M.');
    await dialog.getByLabel('Active (may sign in)').uncheck();
    await dialog.getByRole('button', {name: 'Save'}).click();
    await expectText(page.locator('table.data'), 'inactive');
    const users = (await api('GET', `/api/v1/applications/${app.id}/users`)).users;
    assertEqual([users[0].display_name, users[0].active], ['Alice M.', false], 'user after edit');
    await page.getByRole('button', {name: 'Delete alice'}).click();
    await dialog.getByRole('button', {name: 'Delete user'}).click();
    await expectText(page.locator('main'), 'No users yet.');

    step('phone numbers: add, move to another application, release');
    const other = await api('POST', '/api/v1/applications', {name: 'other-app'});
    await page.getByRole('link', {name: 'Phone numbers'}).click();
    await page.getByRole('button', {name: 'Add number'}).click();
    await dialog.getByLabel('Number').fill('+15550001111');
    await dialog.getByLabel('Application').selectOption({label: 'renamed-app'});
    await dialog.getByRole('button', {name: 'Add number'}).click();
    await expectText(page.locator('table.data'), '+15550001111');
    await page.getByRole('button', {name: 'Change the application of +15550001111'}).click();
    await dialog.getByLabel('Application').selectOption({label: 'other-app'});
    await dialog.getByRole('button', {name: 'Save'}).click();
    await eventually(async () => assertEqual((await api('GET', '/api/v1/phone-numbers')).phone_numbers[0].application_id,
      other.id, 'number moved'));
    await page.getByRole('button', {name: 'Release +15550001111'}).click();
    await dialog.getByRole('button', {name: 'Release number'}).click();
    await expectText(page.locator('main'), 'No phone numbers yet.');

    step('SIP trunks: create, edit (password kept), delete');
    await page.getByRole('link', {name: 'SIP trunks'}).click();
    await page.getByRole('button', {name: 'New trunk'}).click();
    await dialog.getByRole('textbox', {name: 'Name', exact: true}).fill('carrier');
    await dialog.getByRole('textbox', {name: 'Host', exact: true}).fill('sip.carrier.example');
    await dialog.getByLabel('Allowed source addresses').fill('198.51.100.0/24\nnot-an-address');
    await dialog.getByLabel('Digest user name').fill('acme');
    await dialog.getByLabel('Digest password').fill('trunk-secret');
    await dialog.getByRole('button', {name: 'Create trunk'}).click();
    await expectText(dialog.locator('[data-field="allowed_sources"] .field-error'), 'not-an-address');
    await dialog.getByLabel('Allowed source addresses').fill('198.51.100.0/24');
    await dialog.getByRole('button', {name: 'Create trunk'}).click();
    await expectText(page.locator('table.data'), 'password set');
    await page.getByRole('button', {name: 'Edit carrier'}).click();
    await dialog.getByRole('spinbutton', {name: 'Port'}).fill('5080');
    await dialog.getByRole('button', {name: 'Save'}).click();
    await expectText(page.locator('table.data'), 'sip.carrier.example:5080');
    const trunk = (await api('GET', '/api/v1/sip-trunks')).sip_trunks[0];
    assertEqual([trunk.port, trunk.has_password], [5080, true], 'trunk after edit keeps its password');
    await page.getByRole('button', {name: 'Delete carrier'}).click();
    await dialog.getByRole('button', {name: 'Delete trunk'}).click();
    await expectText(page.locator('main'), 'No SIP trunks yet.');
  });

  t.test('editor-keyboard', async ({newPage, baseUrl, env, assert, assertEqual}) => {
    const api = apiClient(baseUrl, env.DIALTONE_API_KEY);
    const app = await api('POST', '/api/v1/applications', {name: 'typing'});
    const page = await newPage();
    await signIn(page, baseUrl, env.DIALTONE_API_KEY, {hash: `#/applications/${app.id}/scenarios/new`});
    const editor = page.getByLabel('Scenario source (JavaScript)');
    await editor.fill('');
    await editor.focus();
    await page.keyboard.type('if (x) {');
    await page.keyboard.press('Enter');
    await page.keyboard.type('go();');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('more();');
    assertEqual(await editor.inputValue(), 'if (x) {\n  go();\n    more();', 'Enter keeps the indentation, Tab indents');
    // The highlighted copy is redrawn on the next frame, not within the key press.
    assert(await page.waitForFunction(() => document.querySelector('.editor pre').textContent.includes('more();'),
      null, {timeout: 5000}).then(() => true, () => false), 'the highlighted copy follows the text');
    assertEqual(await page.locator('.editor pre .tok-kw').first().innerText(), 'if', 'keywords are highlighted');
    await page.keyboard.press('Control+z');
    assert((await editor.inputValue()).length < 'if (x) {\n  go();\n    more();'.length, 'undo works');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert(await page.evaluate(() => document.activeElement.tagName !== 'TEXTAREA'), 'Esc then Tab leaves the editor');
    page.once('dialog', d => d.accept());
    await page.getByRole('link', {name: 'Rules'}).click();
    await page.locator('#dial-input').waitFor();
  });

  t.test('keyboard-reorder', async ({newPage, baseUrl, env, eventually, assertEqual, assert}) => {
    const api = apiClient(baseUrl, env.DIALTONE_API_KEY);
    const app = await api('POST', '/api/v1/applications', {name: 'keyboard'});
    for (const [name, pattern] of [['one', '1'], ['two', '2'], ['three', '3']]) {
      await api('POST', `/api/v1/applications/${app.id}/rules`, {name, pattern});
    }
    const page = await newPage();
    await signIn(page, baseUrl, env.DIALTONE_API_KEY, {hash: `#/applications/${app.id}/rules`});
    await page.locator('li[data-rule-name="three"]').waitFor();

    // Reach the handle with the keyboard alone, then move the rule with Alt+Up twice.
    await page.locator('li[data-rule-name="two"] .grip').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert(outline !== 'none', `the focused handle shows a focus ring (outline-style ${outline})`);
    await page.locator('li[data-rule-name="three"] .grip').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await page.keyboard.press('Alt+ArrowUp');
    await eventually(async () => assertEqual(await savedRuleNames(api, app.id), ['three', 'one', 'two'], 'saved order'));
    const focused = await page.evaluate(() => document.activeElement.closest('li')?.dataset.ruleName);
    assertEqual(focused, 'three', 'the focus stays on the moved rule');
    await eventually(async () => {
      const live = await page.locator('#announcer').innerText();
      assert(/three moved to position 1|order saved/.test(live), `moves are announced (got "${live}")`);
    });

    // The arrow buttons do the same.
    await page.getByRole('button', {name: 'Move three down'}).press('Enter');
    await eventually(async () => assertEqual(await savedRuleNames(api, app.id), ['one', 'three', 'two'], 'saved order'));
    assertEqual(await page.getByRole('button', {name: 'Move one up'}).isDisabled(), true, 'the first rule cannot move up');
  });

  t.test('csrf-refused', async ({newPage, baseUrl, env, assertEqual}) => {
    const page = await newPage();
    await signIn(page, baseUrl, env.DIALTONE_API_KEY);
    const r = await page.evaluate(async () => {
      const post = (headers) => fetch('/api/v1/applications', {method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', ...headers}, body: JSON.stringify({name: 'csrf-probe'})});
      const without = await post({});
      const wrong = await post({'X-CSRF-Token': 'not-the-token'});
      const listed = await (await fetch('/api/v1/applications?name=csrf-probe')).json();
      const token = (await (await fetch('/console/session')).json()).csrf_token;
      const del = await fetch('/console/session', {method: 'DELETE'});
      const still = await fetch('/api/v1/applications');
      const withToken = await post({'X-CSRF-Token': token});
      return {without: without.status, withoutBody: await without.json(), wrong: wrong.status, listed: listed.total,
        signOutWithoutToken: del.status, stillSignedIn: still.status, withToken: withToken.status};
    });
    assertEqual(r.without, 403, 'a change with the cookie and no CSRF header');
    assertEqual(r.withoutBody.field, 'X-CSRF-Token', 'the refusal names the header');
    assertEqual(r.wrong, 403, 'a change with a wrong CSRF token');
    assertEqual(r.listed, 0, 'nothing was created');
    assertEqual(r.signOutWithoutToken, 403, 'sign-out without the CSRF header');
    assertEqual(r.stillSignedIn, 200, 'still signed in after the refused sign-out');
    assertEqual(r.withToken, 201, 'the same change with the session\'s token');
  });

  t.test('sign-out', async ({newPage, baseUrl, env, expectText, assertEqual}) => {
    const page = await newPage();
    await signIn(page, baseUrl, env.DIALTONE_API_KEY);
    await page.getByRole('button', {name: 'Sign out'}).click();
    await expectText(page.locator('.signin-form'), 'You have signed out.');
    const status = await page.evaluate(async () => (await fetch('/api/v1/applications')).status);
    assertEqual(status, 401, 'the API refuses the old cookie');
    const cookies = await page.context().cookies();
    assertEqual(cookies.filter(c => c.name === 'dialtone_console').length, 0, 'the cookie is gone');
    await page.reload();
    await page.getByRole('heading', {name: 'Sign in to Dialtone'}).waitFor();
  });

  t.test('sign-out-while-loading', async ({newPage, baseUrl, env, expectText, assert}) => {
    // The applications list is answered while the user is still signed in, but reaches the page only after
    // the sign-out: the late page must not draw over the sign-in form (it did once in CI).
    const page = await newPage();
    const list = /\/api\/v1\/applications(\?.*)?$/;
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let answered;
    const heldAnswer = new Promise((resolve) => { answered = resolve; });
    await page.route(list, async (r) => {
      const response = await r.fetch();
      answered();
      await held;
      await r.fulfill({response});
    });
    await signIn(page, baseUrl, env.DIALTONE_API_KEY);
    await heldAnswer;
    await page.getByRole('button', {name: 'Sign out'}).click();
    await expectText(page.locator('.signin-form'), 'You have signed out.');
    const delivered = page.waitForResponse(list);
    release();
    await delivered;
    // Give the page's code time to run on the late answer (it needs microseconds; half a second is plenty).
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 500))));
    assert(await page.locator('.signin-form').isVisible(), 'the sign-in form is still shown');
    assert(!(await page.getByRole('heading', {name: 'Applications'}).isVisible()), 'no applications page drawn over it');
  });

  t.test('password-sign-in', async ({newPage, baseUrl, env, expectText, assert}) => {
    const page = await newPage();
    await page.goto(`${baseUrl}/console/`);
    await page.getByLabel('Administrator password').check();
    await page.getByLabel('The administrator password').fill('wrong password here');
    await page.getByRole('button', {name: 'Sign in'}).click();
    await expectText(page.locator('.field-error'), 'Wrong password');
    await page.getByLabel('The administrator password').fill(env.DIALTONE_ADMIN_PASSWORD);
    await page.getByRole('button', {name: 'Sign in'}).click();
    await expectText(page.locator('#who'), 'admin · password');
    const cookie = (await page.context().cookies()).find(c => c.name === 'dialtone_console');
    assert(cookie && cookie.httpOnly && cookie.sameSite === 'Strict' && cookie.expires === -1,
      `an HttpOnly, SameSite=Strict session cookie (${JSON.stringify(cookie && {...cookie, value: '…'})})`);
    assert(await page.evaluate(() => document.cookie.includes('dialtone_console')) === false, 'scripts cannot read the cookie');
    await page.getByRole('link', {name: 'Accounts'}).click();
    await expectText(page.locator('table'), 'administrator');
  });

  t.test('narrow-layout', async ({newPage, baseUrl, env, assert, assertEqual}) => {
    const api = apiClient(baseUrl, env.DIALTONE_API_KEY);
    const app = await api('POST', '/api/v1/applications', {name: 'narrowapplicationwithaverylongname'});
    await api('POST', `/api/v1/applications/${app.id}/rules`, {name: 'a-rule-with-a-long-name', pattern: 'conf_[A-Za-z0-9]+'});
    await api('POST', `/api/v1/applications/${app.id}/rules`, {name: 'everything', pattern: '.*'});
    const page = await newPage({viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
    await signIn(page, baseUrl, env.DIALTONE_API_KEY);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.locator('tr[data-app="narrowapplicationwithaverylongname"]').waitFor();
    assertEqual(await overflow(), 0, 'horizontal overflow on the applications page at 390 px');
    assertEqual(await page.locator('table.data td').first().evaluate(td => getComputedStyle(td).display), 'grid',
      'table rows are shown as cards');
    await page.goto(`${baseUrl}/console/#/applications/${app.id}/rules`);
    await page.locator('li[data-rule-name="everything"]').waitFor();
    assertEqual(await overflow(), 0, 'horizontal overflow on the rules page at 390 px');
    assert(await page.getByRole('button', {name: 'Move everything up'}).isVisible(), 'the move buttons are visible');
    await page.getByLabel('Which rule does this reach?').fill('conf_x');
    await page.locator('#dial-result .matched-name').waitFor();
    await page.goto(`${baseUrl}/console/#/applications/${app.id}/scenarios/new`);
    await page.getByLabel('Scenario source (JavaScript)').waitFor();
    assertEqual(await overflow(), 0, 'horizontal overflow on the scenario editor at 390 px');
    assert(await page.getByRole('link', {name: 'SIP trunks'}).isVisible(), 'the main navigation is reachable');
    await api('POST', '/api/v1/sip-trunks', {name: 'a-carrier', host: 'sip.a-carrier-with-a-long-host-name.example', port: 5061,
      transport: 'tls', allowed_sources: ['198.51.100.0/24', '203.0.113.7']});
    await page.getByRole('link', {name: 'SIP trunks'}).click();
    await page.locator('table.data').waitFor();
    assertEqual(await overflow(), 0, 'horizontal overflow on the SIP trunks page at 390 px');
  });
}
