// The videoconf sample end to end, the browser half (VideoconfEndToEndIT runs the phone half at the same time):
// three pages join room 42 through the sample's own join page; each page's "microphone" is a pure tone
// (500, 700, 900 Hz) and its camera Chromium's fake camera. The Java side dials in a phone (PIN 42#, tone
// 1100 Hz) once the three pages are in the room, and answers the invitation as the carrier (tone 1300 Hz).
// Env: DIALTONE_VC_PAGE (the page URL), DIALTONE_VC_PHONE (the phone caller's number), DIALTONE_VC_WRONG_PHONE
// (the caller with a wrong PIN), DIALTONE_VC_INVITE (the number a page invites).

const TONES = [500, 700, 900];
const NAMES = ['Ann', 'Ben', 'Cat'];
const PHONE_TONE = 1100;
const CARRIER_TONE = 1300;
const ALL_TONES = [...TONES, PHONE_TONE, CARRIER_TONE];
const HOLD_TONE = 300; // VideoconfEndToEndIT's hold music

/** Runs in each page before its scripts: the microphone becomes a sine tone; meters follow every remote stream. */
function instrument({ frequency, tones }) {
  const goertzel = (samples, rate, f) => {
    const k = 2 * Math.cos(2 * Math.PI * f / rate);
    let s1 = 0;
    let s2 = 0;
    for (const x of samples) {
      const s0 = x + k * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - k * s1 * s2)) / samples.length;
  };
  const meters = new Map(); // element -> meter
  window.testMeters = meters;
  const listen = (element) => {
    if (meters.has(element) || !element.srcObject || element.srcObject.getAudioTracks().length === 0) return;
    const ctx = new AudioContext();
    ctx.resume();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048;
    ctx.createMediaStreamSource(element.srcObject).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    const meter = { kind: element.closest('.tile') ? 'peer' : 'room', maxRms: 0, tones: {}, recent: {}, firstAudibleAt: null,
      firstToneAt: {} };
    meters.set(element, meter);
    setInterval(() => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const x of buf) sum += x * x;
      const rms = Math.sqrt(sum / buf.length);
      meter.maxRms = Math.max(meter.maxRms, rms);
      if (rms > 0.01 && meter.firstAudibleAt === null) meter.firstAudibleAt = performance.now();
      for (const f of tones) {
        const p = goertzel(buf, ctx.sampleRate, f);
        meter.tones[f] = Math.max(meter.tones[f] ?? 0, p);
        meter.recent[f] = p;
        if (p > 0.005 && meter.firstToneAt[f] === undefined) meter.firstToneAt[f] = performance.now();
      }
    }, 20);
  };
  const watch = () => {
    for (const el of document.querySelectorAll('audio, video')) listen(el);
  };
  setInterval(watch, 20);
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const camera = constraints?.video ? await original({ video: true }) : null;
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = frequency;
    const gain = ctx.createGain();
    gain.gain.value = 0.3;
    const dest = ctx.createMediaStreamDestination();
    osc.connect(gain).connect(dest);
    osc.start();
    ctx.resume();
    return new MediaStream([...dest.stream.getAudioTracks(), ...(camera ? camera.getVideoTracks() : [])]);
  };
}

const roomMeter = (page) => page.evaluate(() => {
  for (const m of window.testMeters.values()) if (m.kind === 'room') return m;
  return null;
});

/** What each page did, printed when the test fails. */
async function dump(pages) {
  for (let i = 0; i < pages.length; i++) {
    const s = await pages[i].evaluate(() => ({
      me: window.videoconf.me,
      status: document.getElementById('status').textContent,
      notices: [...document.querySelectorAll('#notices li')].map((li) => li.textContent).reverse(),
      peers: [...window.videoconf.peers.entries()].map(([u, p]) => `${u}: ${p.call ? p.call.state : 'no call'}`),
      roster: window.videoconf.roster,
      tiles: [...document.querySelectorAll('.tile')].map((d) => {
        const v = d.querySelector('video');
        const tracks = v?.srcObject?.getTracks().map((t) => `${t.kind}:${t.readyState}${t.muted ? ':muted' : ''}`) ?? [];
        return `${d.dataset.key}${d.isConnected ? '' : ' (detached)'}: ${v ? `video ${v.videoWidth}x${v.videoHeight}${v.paused ? ' paused' : ''} [${tracks}]` : 'no video'}`;
      }),
    })).catch((e) => ({ error: e.message }));
    console.log(`  page ${i}: ${JSON.stringify(s)}`);
  }
}

export default function (t) {
  t.test('three pages, a phone and an invited number share room 42', async (tools) => {
    const pages = [];
    try {
      await share(tools, pages);
    } catch (e) {
      await dump(pages);
      throw e;
    }
  }, { timeout: 240000 });
}

async function share({ newPage, env, eventually, assert, step }, pages) {
  {
    for (let i = 0; i < 3; i++) {
      const page = await newPage({ ignoreHTTPSErrors: true });
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') console.log(`    page ${i} ${m.type()}: ${m.text()}`);
      });
      await page.addInitScript(instrument, { frequency: TONES[i], tones: [...ALL_TONES, HOLD_TONE] });
      await page.goto(env.DIALTONE_VC_PAGE);
      pages.push(page);
    }
    step('three pages loaded');

    // Join one after the other, as people do; each page hears the room (hold music or greeting) first.
    for (let i = 0; i < 3; i++) {
      await pages[i].fill('#name', NAMES[i]);
      await pages[i].fill('#room', '42');
      await pages[i].click('#join-button');
      const ms = await eventually(() => pages[i].evaluate(() => {
        const s = document.getElementById('status').textContent;
        if (s.startsWith('Could not')) throw new Error(s);
        for (const m of window.testMeters.values()) {
          if (m.kind === 'room' && m.firstAudibleAt) {
            const at = (t) => (t ? Math.round(t - window.videoconf.joinClickedAt) : '-');
            const k = window.videoconf.marks;
            return `${at(m.firstAudibleAt)} (signed up +${at(k.signedUp)}, media +${at(k.media)}, connected +${at(k.connected)},`
              + ` logged in +${at(k.loggedIn)}, room media +${at(k.roomMedia)}, hold music +${at(m.firstToneAt[300])},`
              + ` room answered +${at(k.answered)})`;
          }
        }
        return false;
      }), { timeout: 20000, message: `page ${i} hears the room` });
      step(`JOIN-AUDIO-MS ${ms} page ${i}: join click to first audible audio from the room`);
    }

    // Every page: a roster with the three of us, two peer tiles with live video, and the two other pages' tones.
    for (let i = 0; i < 3; i++) {
      const roster = await eventually(() => pages[i].evaluate(() => {
        const web = window.videoconf.roster.filter((p) => p.kind === 'web');
        return web.length === 3 ? web.map((p) => p.displayName).sort() : false;
      }), { timeout: 20000, message: `page ${i}'s roster lists three browsers` });
      assert(JSON.stringify(roster) === JSON.stringify(NAMES), `page ${i} roster ${JSON.stringify(roster)}`);
      const videos = await eventually(() => pages[i].evaluate(() => {
        const playing = [...document.querySelectorAll('.tile.web video')]
          .filter((v) => v.videoWidth > 0 && !v.paused && v.srcObject?.getVideoTracks().some((t) => t.readyState === 'live'));
        return playing.length === 2 ? playing.length : false;
      }), { timeout: 30000, message: `page ${i} shows two remote videos` });
      assert(videos === 2, `page ${i} videos ${videos}`);
      const others = TONES.filter((_, j) => j !== i);
      const heard = await eventually(() => pages[i].evaluate((others) => {
        const peers = [...window.testMeters.values()].filter((m) => m.kind === 'peer');
        const ok = others.every((f) => peers.some((m) => (m.tones[f] ?? 0) > 0.005));
        return ok ? peers.map((m) => m.tones) : false;
      }, others), { timeout: 20000, message: `page ${i} hears ${others} over its direct calls` });
      const ended = await pages[i].evaluate(() => [...document.querySelectorAll('#notices li')]
        .filter((li) => / ended$/.test(li.textContent)).length);
      step(`page ${i}: roster ${roster.join(', ')}, 2 remote videos (${ended} direct calls ended and were made again), `
        + `hears ${others} Hz directly ${JSON.stringify(heard)}`);
    }
    // The node carried no video: the direct calls' selected candidate pairs are host <-> host (loopback).
    const pair = await pages[0].evaluate(async () => {
      const call = [...window.videoconf.peers.values()][0].call;
      const stats = await call.peerConnection.getStats();
      for (const s of stats.values()) {
        if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
          const local = stats.get(s.localCandidateId);
          const remote = stats.get(s.remoteCandidateId);
          return `${local.candidateType} -> ${remote.candidateType}`;
        }
      }
      return 'none';
    });
    step(`page 0's direct call: selected pair ${pair}`);
    console.log('PAGES-JOINED');

    // The Java side now dials in the phone with PIN 42#: it appears in every roster and every page hears its tone.
    for (let i = 0; i < 3; i++) {
      await eventually(() => pages[i].evaluate((n) => window.videoconf.roster.some((p) => p.kind !== 'web' && p.number === n),
        env.DIALTONE_VC_PHONE), { timeout: 60000, message: `page ${i}'s roster lists the phone ${env.DIALTONE_VC_PHONE}` });
      // While the phone's tone comes from the room, the page's own tone does not: from the room a browser gets only
      // the phones (it hears the other browsers directly). `recent` is the last 40 ms, so earlier speech does not count.
      const tones = await eventually(() => roomMeter(pages[i]).then((m) => ((m?.recent[PHONE_TONE] ?? 0) > 0.005
        ? { ...m.recent } : false)), { timeout: 20000, message: `page ${i} hears the phone's ${PHONE_TONE} Hz from the room` });
      assert(tones[TONES[i]] < tones[PHONE_TONE] / 4, `page ${i} hears itself from the room: ${JSON.stringify(tones)}`);
      step(`page ${i} hears the phone: ${JSON.stringify(tones)}`);
    }

    // Page 1 invites a number; the carrier (the Java side) answers and plays its tone.
    await pages[1].fill('#invite-number', env.DIALTONE_VC_INVITE);
    await pages[1].click('#invite-button');
    for (let i = 0; i < 3; i++) {
      await eventually(() => pages[i].evaluate((n) => window.videoconf.messages
        .some((m) => m.type === 'CALL_PARTICIPANT_CONNECTED' && m.number === n), env.DIALTONE_VC_INVITE),
      { timeout: 30000, message: `page ${i} hears that ${env.DIALTONE_VC_INVITE} answered` });
      // The room greets the invited number, then connects it: its tone (now, not the greeting's speech) and a roster
      // with both phones follow.
      await eventually(() => roomMeter(pages[i]).then((m) => (m?.recent[CARRIER_TONE] ?? 0) > 0.005),
        { timeout: 20000, message: `page ${i} hears the invited number's ${CARRIER_TONE} Hz` });
      const phones = await eventually(() => pages[i].evaluate(() => {
        const numbers = window.videoconf.roster.filter((p) => p.kind !== 'web').map((p) => p.number);
        return numbers.length >= 2 ? numbers : false;
      }), { message: `page ${i}'s roster lists two phones` });
      assert(phones.includes(env.DIALTONE_VC_INVITE) && phones.includes(env.DIALTONE_VC_PHONE)
        && !phones.includes(env.DIALTONE_VC_WRONG_PHONE), `page ${i} phones in the roster: ${phones}`);
      const tiles = await pages[i].evaluate(() => document.querySelectorAll('.tile.phone').length);
      assert(tiles === 2, `page ${i} shows ${tiles} phone tiles`);
    }
    step('every page hears the invited number, and the roster lists both phones (not the wrong-PIN caller)');
    const wrong = await pages[0].evaluate((n) => window.videoconf.messages
      .some((m) => m.type === 'ROSTER' && m.participants.some((p) => p.number === n)), env.DIALTONE_VC_WRONG_PHONE);
    assert(!wrong, 'the caller with the wrong PIN was never in the room');

    // Everyone leaves; the page goes back to the join form. The button is pressed through the DOM: as the others
    // leave, the page's tiles re-render and a mouse click at the button's last position can land beside it.
    for (let i = 0; i < 3; i++) {
      await pages[i].evaluate(() => document.getElementById('leave').click());
      await eventually(() => pages[i].evaluate(() => !document.getElementById('join').hidden
        && document.getElementById('room-view').hidden), { message: `page ${i} left` });
    }
    step('all three pages left');
  }
}
