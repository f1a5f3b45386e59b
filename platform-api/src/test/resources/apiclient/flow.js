'use strict';
// Drives a Dialtone node through the original platform's published Node.js API client, unmodified:
// only the host and the credentials file differ from a script written for the cloud original.
// Prints {"steps": {<step>: <the client's parsed response>}, "error": ...} as one JSON line on stdout.
const VoximplantApiClient = require('@voximplant/apiclient-nodejs').default;

const host = process.env.DIALTONE_HOST;
const steps = {};

function ready(credentials) {
  return new Promise((resolve) => {
    const client = new VoximplantApiClient({ pathToCredentials: credentials, host });
    client.onReady = resolve;
  });
}

async function step(name, promise) {
  const response = await promise;
  steps[name] = response;
  if (response && response.error) {
    throw new Error(name + ' answered an error: ' + JSON.stringify(response.error));
  }
  return response;
}

async function refused(name, promise) {
  try {
    steps[name] = { unexpectedly: await promise };
  } catch (e) {
    steps[name] = { status: e.response && e.response.status, data: e.response && e.response.data, message: e.message };
  }
}

async function main() {
  const client = await ready(process.env.CREDENTIALS);
  const app = await step('addApplication', client.Applications.addApplication({ applicationName: 'flow' }));
  const applicationId = app.applicationId;
  const scenario = await step('addScenario', client.Scenarios.addScenario({
    applicationId, scenarioName: 'main',
    scenarioScript: 'VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => { e.call.answer(); });',
  }));
  const rules = [];
  for (const [ruleName, rulePattern] of [['conference', 'conf_.*'], ['support', '\\+1800[0-9]+'], ['sales', '\\+1888[0-9]+'],
    ['fallback', '.*']]) {
    rules.push(await step('addRule_' + ruleName, client.Rules.addRule({
      applicationId, ruleName, rulePattern, scenarioId: [scenario.scenarioId] })));
  }
  await step('getRules', client.Rules.getRules({ applicationId, withScenarios: true }));
  const ids = rules.map((r) => r.ruleId);
  await step('reorderRules', client.Rules.reorderRules({ ruleId: [ids[2], ids[0], ids[1], ids[3]] }));
  await step('getRulesAfterReorder', client.Rules.getRules({ applicationId }));
  const user = await step('addUser', client.Users.addUser({
    applicationId, userName: 'agent007', userDisplayName: 'Agent Seven', userPassword: 'Str0ng-Passw0rd!' }));
  await step('getUsers', client.Users.getUsers({ applicationId }));
  await step('delUser', client.Users.delUser({ userId: [user.userId] }));
  await step('getUsersAfterDelete', client.Users.getUsers({ applicationId }));

  const reader = await ready(process.env.READONLY_CREDENTIALS);
  await step('readOnlyGetApplications', reader.Applications.getApplications({ applicationId }));
  await refused('readOnlyAddApplication', reader.Applications.addApplication({ applicationName: 'forbidden' }));
  await step('readOnlyGetCallHistory', reader.History.getCallHistory({
    fromDate: new Date(Date.now() - 3600 * 1000), toDate: new Date(Date.now() + 60 * 1000), withCalls: true, count: 10,
    remoteNumber: '+15550001111' }));

  await step('delApplication', client.Applications.delApplication({ applicationId: [applicationId] }));
  await step('getApplicationsAfterDelete', client.Applications.getApplications({}));
}

main().then(
  () => process.stdout.write(JSON.stringify({ steps }) + '\n'),
  (e) => {
    const detail = e.response ? { status: e.response.status, data: e.response.data } : {};
    process.stdout.write(JSON.stringify({ steps, error: String(e && e.stack || e), detail }) + '\n');
    process.exitCode = 1;
  });
