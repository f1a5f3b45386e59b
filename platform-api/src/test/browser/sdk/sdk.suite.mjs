// The web SDK in Debian's Chromium against a real node: /sdk/dialtone.js loaded from the node, calls into
// scenarios over WebRTC, audio measured in the page with Web Audio. Env: DIALTONE_SDK_HOST (host:port of the
// node's HTTPS port), DIALTONE_SDK_USER, DIALTONE_SDK_USER2, DIALTONE_SDK_PASSWORD.
import { createHash } from 'node:crypto';

// The runner's own flags (runner.mjs CHROMIUM_ARGS) plus fake media, for the second browser of the conference test.
const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync', '--disable-default-apps', '--mute-audio',
  '--autoplay-policy=no-user-gesture-required', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

const md5 = (s) => createHash('md5').update(s, 'utf8').digest('hex');

async function openPage(newPage, env) {
  const page = await newPage({ ignoreHTTPSErrors: true });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`    page ${m.type()}: ${m.text()}`); });
  await page.goto(`https://${env.DIALTONE_SDK_HOST}/sdk-test/page.html`);
  await page.waitForFunction(() => window.sdkReady === true);
  return page;
}

async function login(page, env, user) {
  return page.evaluate(async ({ host, user, password }) => {
    const client = new window.Dialtone.Client({ server: host });
    await client.connect();
    const result = await client.login(user, password);
    window.client = client;
    window.messages = [];
    return result.displayName;
  }, { host: env.DIALTONE_SDK_HOST, user, password: env.DIALTONE_SDK_PASSWORD });
}

/** A page in a second Chromium whose fake microphone plays DIALTONE_SDK_TONE_B (the runner's plays DIALTONE_SDK_TONE_A). */
async function openSecondBrowser(browser, env) {
  const second = await browser.browserType().launch({
    executablePath: env.DIALTONE_CHROMIUM || '/usr/bin/chromium', headless: true,
    args: [...BASE_ARGS, `--use-file-for-fake-audio-capture=${env.DIALTONE_SDK_TONE_B_FILE}`],
  });
  const context = await second.newContext({ ignoreHTTPSErrors: true });
  const other = await context.newPage();
  other.on('console', (m) => { if (m.type() === 'error') console.log(`    page 1 error: ${m.text()}`); });
  await other.goto(`https://${env.DIALTONE_SDK_HOST}/sdk-test/page.html`);
  await other.waitForFunction(() => window.sdkReady === true);
  return { second, other };
}

export default function (t) {
  t.test('a page calls a scenario that speaks and hears it', async ({ newPage, env, eventually, assert, step }) => {
    const page = await openPage(newPage, env);
    const name = await login(page, env, env.DIALTONE_SDK_USER);
    assert(name === 'Alice Liddell', `display name ${name}`);
    step('logged in');
    await page.evaluate(() => {
      const startedAt = performance.now();
      window.startedAt = startedAt;
      const call = window.client.call('talk-now', { extraHeaders: { 'X-Conference-Id': '42' }, customData: 'page-data' });
      window.call = call;
      call.on('MessageReceived', (e) => window.messages.push(e.text));
      call.on('Connected', () => { window.connectedAt = performance.now(); });
      call.on('RemoteMediaAdded', ({ stream, element }) => {
        document.getElementById('media').append(element);
        window.meter = window.Dialtone.listen(stream, []);
      });
      call.on('Failed', (e) => { window.failed = e; });
    });
    const ms = await eventually(() => page.evaluate(() => {
      if (window.failed) throw new Error(`call failed: ${JSON.stringify(window.failed)}`);
      return window.meter?.firstAudibleAt ? window.meter.firstAudibleAt - window.startedAt : false;
    }), { timeout: 20000, message: 'audible audio from the scenario' });
    step(`FIRST-AUDIO-MS ${Math.round(ms)}`);
    const hello = await eventually(() => page.evaluate(() => window.messages.find((m) => m.startsWith('hello')) ?? false));
    assert(hello.includes('conf=42') && hello.includes('data=page-data') && hello.includes('caller=alice')
      && hello.includes('client=web'), hello);
    // messages both ways
    await page.evaluate(() => window.call.sendMessage('ping from the page'));
    await eventually(() => page.evaluate(() => window.messages.includes('echo ping from the page')),
      { message: 'the scenario echoed the message' });
    const level = await page.evaluate(() => window.meter.maxRms);
    assert(level > 0.02, `speech level ${level}`);
    await page.evaluate(() => window.call.hangup());
    await eventually(() => page.evaluate(() => window.call.state === 'ENDED'));
  });

  t.test('two pages in a conference hear each other and a sent digit reaches the scenario',
    async ({ browser, newPage, env, eventually, assert, step }) => {
      // Page 0 runs in the runner's browser (fake microphone: DIALTONE_SDK_TONE_A), page 1 in a second Chromium whose
      // fake microphone plays DIALTONE_SDK_TONE_B: two different tones.
      const { second, other } = await openSecondBrowser(browser, env);
      try {
        const pages = [await openPage(newPage, env), other];
        await login(pages[0], env, env.DIALTONE_SDK_USER);
        await login(pages[1], env, env.DIALTONE_SDK_USER2);
        const freqs = [Number(env.DIALTONE_SDK_TONE_A), Number(env.DIALTONE_SDK_TONE_B)];
        for (let i = 0; i < 2; i++) {
          await pages[i].evaluate(({ freqs }) => {
            window.Dialtone.watch(window.client.call('joinconf', { extraHeaders: { 'X-Conference-Id': 'tones' } }), freqs);
          }, { freqs });
          // One after the other, so that a failure names the page that did not join. (Callers reaching a new
          // conference at the same moment share one room since 9a6d24e; ExamplesIT runs three at once.)
          await eventually(() => pages[i].evaluate(() => {
            if (window.failed) throw new Error(`call failed: ${JSON.stringify(window.failed)}`);
            return window.messages.includes('joined tones');
          }), { timeout: 20000, message: `page ${i} joined the conference` });
        }
        step('both pages are in the conference');
        for (let i = 0; i < 2; i++) {
          const heard = freqs[1 - i];
          const own = freqs[i];
          let last = null;
          const tones = await eventually(() => pages[i].evaluate(({ heard }) => {
            const t = window.meter?.tones ?? {};
            // The full tone (about 0.3-0.5 here), not its first 20 ms: the onset of a stream is a broadband click that
            // reaches every frequency a little, and a comparison made on the onset alone says nothing about N-1.
            return { ok: (t[heard] ?? 0) > 0.05, t, rms: window.meter?.maxRms };
          }, { heard }).then((r) => { last = r; return r.ok ? r.t : false; }), { timeout: 15000,
            message: `page ${i} hears ${heard} Hz` }).catch((e) => { throw new Error(`${e.message}; page state ${JSON.stringify(last)}`); });
          step(`page ${i} hears ${heard} Hz at ${tones[heard].toFixed(4)}, its own ${own} Hz at ${tones[own].toFixed(4)}`);
          assert(tones[heard] > 4 * tones[own], `page ${i} hears the other page louder than itself (N-1): ${JSON.stringify(tones)}`);
        }
        const sentAt = Date.now();
        await pages[0].evaluate(() => window.call.sendTone('7'));
        await eventually(() => pages[0].evaluate(() => window.messages.includes('tone 7')), { timeout: 30000,
          message: 'the scenario reported the digit' });
        step(`the digit 7 (RFC 4733 from Chromium's RTCDTMFSender) came back from the scenario after ${Date.now() - sentAt} ms`);
        for (const p of pages) await p.evaluate(() => window.call.hangup());
      } finally {
        await second.close();
      }
    });

  t.test('a scenario calls a page with callUser: it hears the scenario and the caller through the node',
    async ({ browser, newPage, env, eventually, assert, step }) => {
      const { second, other: bob } = await openSecondBrowser(browser, env);
      try {
        const alice = await openPage(newPage, env);
        await login(alice, env, env.DIALTONE_SDK_USER);
        const [toneA, toneB] = [Number(env.DIALTONE_SDK_TONE_A), Number(env.DIALTONE_SDK_TONE_B)];
        await bob.evaluate(async ({ host, user, password, freqs }) => {
          const client = new window.Dialtone.Client({ server: host });
          await client.connect();
          await client.login(user, password, { receiveCalls: true });
          window.client = client;
          client.on('IncomingCall', ({ call, headers }) => {
            window.incoming = call;
            window.incomingHeaders = headers;
            call.on('RemoteMediaAdded', ({ stream, element }) => {
              document.getElementById('media').append(element);
              window.meter = window.Dialtone.listen(stream, freqs);
            });
            call.answer();
          });
        }, { host: env.DIALTONE_SDK_HOST, user: env.DIALTONE_SDK_USER2, password: env.DIALTONE_SDK_PASSWORD, freqs: [toneA, toneB] });
        const bobName = env.DIALTONE_SDK_USER2.slice(0, env.DIALTONE_SDK_USER2.indexOf('@'));
        await alice.evaluate(({ bob, freqs }) => {
          window.Dialtone.watch(window.client.call(`ring-${bob}`), freqs);
        }, { bob: bobName, freqs: [toneA, toneB] });
        await eventually(() => alice.evaluate(() => {
          if (window.failed) throw new Error(`call failed: ${JSON.stringify(window.failed)}`);
          const failed = window.messages.find((m) => m.startsWith('callee failed'));
          if (failed) throw new Error(failed);
          return window.messages.includes('callee connected');
        }), { timeout: 20000, message: 'the scenario reached the callee page' });
        const why = await bob.evaluate(() => window.incomingHeaders['X-Why']);
        assert(why === 'ring-test', `the callee got the scenario's headers: ${why}`);
        // The scenario speaks to the callee through the node: speech, not a tone.
        const speech = await eventually(() => bob.evaluate(() => (window.meter?.maxRms ?? 0) > 0.02 && window.meter.maxRms),
          { timeout: 15000, message: 'the callee hears the scenario speak' });
        step(`the callee hears the scenario's say() at rms ${speech.toFixed(3)}`);
        await eventually(() => alice.evaluate(() => window.messages.includes('bridged')), { timeout: 20000,
          message: 'the scenario bridged the two calls' });
        for (const [name, page, heard] of [['callee', bob, toneA], ['caller', alice, toneB]]) {
          const level = await eventually(() => page.evaluate((f) => ((window.meter?.tones[f] ?? 0) > 0.005
            ? window.meter.tones[f] : false), heard), { timeout: 15000, message: `the ${name} hears ${heard} Hz through the node` });
          step(`the ${name} hears ${heard} Hz at ${level.toFixed(4)}`);
        }
        await bob.evaluate(() => { window.incoming.sendTone('5'); window.incoming.sendMessage('hi from the callee'); });
        await eventually(() => alice.evaluate(() => window.messages.includes('callee tone 5')
          && window.messages.includes('callee says hi from the callee')), { timeout: 20000,
          message: 'the callee\'s digit and message reached the scenario' });
        step('the callee\'s digit (RFC 4733) and message reached the scenario');
        await alice.evaluate(() => window.call.hangup());
        await eventually(() => bob.evaluate(() => window.incoming.state === 'ENDED'), { message: 'the callee\'s call ended' });
      } finally {
        await second.close();
      }
    });

  t.test('a wrong password and a replayed one-time key are refused', async ({ newPage, env, assert, assertEqual }) => {
    const page = await openPage(newPage, env);
    const user = env.DIALTONE_SDK_USER;
    const wrong = await page.evaluate(async ({ host, user }) => {
      const client = new window.Dialtone.Client({ server: host });
      await client.connect();
      window.client = client;
      try { await client.login(user, 'not the password'); return 'logged in'; } catch (e) { return e.code; }
    }, { host: env.DIALTONE_SDK_HOST, user });
    assertEqual(wrong, 401, 'wrong password');
    const key = await page.evaluate((user) => window.client.requestOneTimeLoginKey(user), user);
    const shortName = user.slice(0, user.indexOf('@'));
    const hash = md5(`${key}|${md5(`${shortName}:voximplant.com:${env.DIALTONE_SDK_PASSWORD}`)}`);
    const first = await page.evaluate(async ({ user, hash }) => (await window.client.loginWithOneTimeKey(user, hash)).displayName,
      { user, hash });
    assert(first === 'Alice Liddell', `one-time key login: ${first}`);
    const replay = await page.evaluate(async ({ host, user, hash }) => {
      const other = new window.Dialtone.Client({ server: host });
      await other.connect();
      try { await other.loginWithOneTimeKey(user, hash); return 'logged in'; } catch (e) { return e.code; }
    }, { host: env.DIALTONE_SDK_HOST, user, hash });
    assertEqual(replay, 401, 'replayed one-time key');
  });

  t.test('two pages call each other directly with video, and a decline gives 603', async ({ newPage, env, eventually, assert,
    assertEqual, step }) => {
    const alice = await openPage(newPage, env);
    const bob = await openPage(newPage, env);
    await login(alice, env, env.DIALTONE_SDK_USER);
    await bob.evaluate(async ({ host, user, password }) => {
      const client = new window.Dialtone.Client({ server: host });
      await client.connect();
      await client.login(user, password, { receiveCalls: true });
      window.client = client;
      window.declineNext = true;
      client.on('IncomingCall', ({ call, headers }) => {
        window.incoming = call;
        window.incomingHeaders = headers;
        if (window.declineNext) {
          window.declineNext = false;
          call.decline({ 'X-Why': 'busy-now' });
          return;
        }
        call.on('RemoteMediaAdded', ({ stream, element }) => { window.remote = stream; document.getElementById('media').append(element); });
        call.on('Connected', () => { window.bobConnected = true; });
        call.on('LocalMediaAdded', ({ stream }) => { window.bobLocal = stream; });
        call.answer();
      });
    }, { host: env.DIALTONE_SDK_HOST, user: env.DIALTONE_SDK_USER2, password: env.DIALTONE_SDK_PASSWORD });
    const bobName = env.DIALTONE_SDK_USER2.slice(0, env.DIALTONE_SDK_USER2.indexOf('@'));
    const declined = await alice.evaluate((bob) => new Promise((resolve) => {
      const call = window.client.call(bob, { video: true, extraHeaders: { 'X-Hello': 'first' } });
      call.on('Failed', (e) => resolve(e));
      call.on('Connected', () => resolve('connected'));
    }), bobName);
    assertEqual(declined.code, 603, 'declined call');
    assertEqual(declined.headers['X-Why'], 'busy-now', 'decline headers');
    step('decline gave 603');
    await alice.evaluate(async (bob) => {
      // The page's own camera stream, shared the way the videoconf page shares one camera among its direct calls.
      window.mine = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      const call = window.client.call(bob, { video: true, stream: window.mine, extraHeaders: { 'X-Hello': 'second' } });
      window.call = call;
      call.on('Connected', () => { window.aliceConnected = true; });
      call.on('RemoteMediaAdded', ({ stream, element }) => { window.remote = stream; document.getElementById('media').append(element); });
      call.on('Failed', (e) => { window.failed = e; });
    }, bobName);
    for (const [name, page] of [['alice', alice], ['bob', bob]]) {
      await eventually(() => page.evaluate(() => {
        if (window.failed) throw new Error(`call failed: ${JSON.stringify(window.failed)}`);
        const v = document.querySelector('#media video');
        return !!window.remote && window.remote.getVideoTracks().length > 0 && !!v && v.videoWidth > 0
          && window.remote.getAudioTracks().length > 0;
      }), { timeout: 30000, message: `${name} receives the other page's video` });
      step(`${name} shows remote video`);
    }
    const hello = await bob.evaluate(() => window.incomingHeaders['X-Hello']);
    assertEqual(hello, 'second', 'headers reach the callee');
    // Muting and ending the call leave the page's stream alone (the call sent copies of its tracks); the media the SDK
    // asked for itself (Bob's) is stopped when the call ends.
    const mutedMine = await alice.evaluate(() => {
      window.call.mute(true);
      return window.mine.getAudioTracks().every((t) => t.enabled);
    });
    assert(mutedMine, 'muting the call left the page stream\'s microphone enabled');
    await alice.evaluate(() => window.call.hangup());
    await eventually(() => bob.evaluate(() => window.incoming.state === 'ENDED'), { message: 'the hangup reaches the callee' });
    const mine = await alice.evaluate(() => window.mine.getTracks().map((t) => `${t.kind}:${t.readyState}`));
    assertEqual(mine.join(','), 'audio:live,video:live', 'the page stream after its call ended');
    const bobs = await eventually(() => bob.evaluate(() => {
      const states = window.bobLocal?.getTracks().map((t) => t.readyState) ?? [];
      return states.length > 0 && states.every((s) => s === 'ended') ? states : false;
    }), { message: 'the callee\'s own media is stopped when the call ends' });
    step(`after the hangup: the page stream ${mine.join(',')}, the callee's own media ${bobs.join(',')}`);
  });

  t.test('two pages talk through TURN only (coturn, relay candidates)', async ({ newPage, env, eventually, assertEqual, step }) => {
    const alice = await openPage(newPage, env);
    const bob = await openPage(newPage, env);
    const setup = async (page, user, answer) => page.evaluate(async ({ host, user, password, answer }) => {
      const client = new window.Dialtone.Client({ server: host, iceTransportPolicy: 'relay' });
      await client.connect();
      await client.login(user, password, { receiveCalls: true });
      window.client = client;
      if (answer) {
        client.on('IncomingCall', ({ call }) => {
          window.call = call;
          call.on('RemoteMediaAdded', ({ element }) => { document.getElementById('media').append(element); });
          call.answer();
        });
      }
      return client.rtcConfiguration().iceServers.map((s) => s.urls).flat();
    }, { host: env.DIALTONE_SDK_HOST, user, password: env.DIALTONE_SDK_PASSWORD, answer });
    const servers = await setup(alice, env.DIALTONE_SDK_USER, false);
    await setup(bob, env.DIALTONE_SDK_USER2, true);
    step(`ICE servers from loginSuccessful: ${JSON.stringify(servers)}`);
    const bobName = env.DIALTONE_SDK_USER2.slice(0, env.DIALTONE_SDK_USER2.indexOf('@'));
    await alice.evaluate((bob) => {
      const call = window.client.call(bob);
      window.call = call;
      call.on('RemoteMediaAdded', ({ element }) => { document.getElementById('media').append(element); });
      call.on('Failed', (e) => { window.failed = e; });
    }, bobName);
    for (const [name, page] of [['alice', alice], ['bob', bob]]) {
      let seen = null;
      const types = await eventually(() => page.evaluate(async () => {
        if (window.failed) throw new Error(`call failed: ${JSON.stringify(window.failed)}`);
        const pc = window.call?.peerConnection;
        window.turnState = { call: window.call?.state ?? null, ice: pc?.iceConnectionState ?? null,
          gathering: pc?.iceGatheringState ?? null, signaling: pc?.signalingState ?? null };
        if (!pc) return false;
        const stats = await pc.getStats();
        let pair = null;
        stats.forEach((r) => { if (r.type === 'candidate-pair' && r.state === 'succeeded' && r.nominated && r.bytesReceived > 0) pair = r; });
        if (!pair) return false;
        return [stats.get(pair.localCandidateId).candidateType, stats.get(pair.remoteCandidateId).candidateType];
      }).then((r) => { if (!r) seen = null; return r; }), { timeout: 30000, message: `${name}'s media flows` })
        .catch(async (e) => { seen = await page.evaluate(() => window.turnState); throw new Error(`${e.message}; ${JSON.stringify(seen)}`); });
      step(`${name}: selected pair ${types[0]} -> ${types[1]}`);
      assertEqual(types[0], 'relay', `${name} sends through TURN`);
    }
    await alice.evaluate(() => window.call.hangup());
  });
}
