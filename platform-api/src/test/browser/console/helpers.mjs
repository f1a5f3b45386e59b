// Helpers shared by the console's browser suites.

/** Calls the node's native API directly (test set-up), with the suite's API key. */
export function apiClient(baseUrl, key) {
  return async function call(method, path, body) {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {Authorization: `Bearer ${key}`, ...(body ? {'Content-Type': 'application/json'} : {})},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return data;
  };
}

/** Opens the console and signs in with an API key; waits for the applications page. */
export async function signIn(page, baseUrl, key, {hash = ''} = {}) {
  await page.goto(`${baseUrl}/console/${hash}`);
  await page.getByLabel('Your API key').fill(key);
  await page.getByRole('button', {name: 'Sign in'}).click();
  await page.locator('#top').waitFor({state: 'visible'});
}

/** The rule names in the order the page shows them. */
export function shownRuleNames(page) {
  return page.locator('ol.rule-list > li[data-rule-name]').evaluateAll(els => els.map(e => e.dataset.ruleName));
}

/** The rule names in the order the API has them. */
export async function savedRuleNames(api, appId) {
  return (await api('GET', `/api/v1/applications/${appId}/rules`)).rules.map(r => r.name);
}

/**
 * Drags a rule by its handle with the mouse (pointer events, as a person would) so that it lands
 * above (`position: 'before'`) or below (`'after'`) the rule named `target`.
 */
export async function dragRule(page, name, target, position) {
  const grip = page.locator(`li[data-rule-name="${name}"] .grip`);
  const to = page.locator(`li[data-rule-name="${target}"]`);
  const from = await grip.boundingBox();
  const box = await to.boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  const y = position === 'before' ? box.y + 4 : box.y + box.height - 4;
  await page.mouse.move(from.x + from.width / 2, y, {steps: 20});
  await page.mouse.up();
}

/** Every form control on the page that has no accessible label (by <label>, aria-label or aria-labelledby). */
export function unlabelledControls(page) {
  return page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
    .filter(el => el.offsetParent !== null)
    .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')
      && !(el.tagName === 'BUTTON' && el.textContent.trim()))
    .map(el => el.outerHTML.slice(0, 120)));
}
