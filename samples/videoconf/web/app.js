// The videoconf sample's page: join a room by name and room ID, see a tile per participant, invite a
// phone number, leave. Built on Dialtone's web SDK (served by the node at /sdk/dialtone.js).
//
// - The node's guest sign-up (POST /sdk/guests) creates a temporary user for you; the room deletes it
//   when you leave.
// - Your audio goes to the room over one call ("joinconf", rule 2, the InboundCall scenario); from the
//   room you hear the phone participants. Browsers see and hear each other over direct peer-to-peer
//   calls (rule 4, P2P): for each pair, the participant whose user name sorts first calls the other.
// - The room sends its roster as JSON messages; see samples/videoconf/README.md for every message.
import { Client } from '/sdk/dialtone.js';

const params = new URLSearchParams(location.search);
/** The application, as <app>.<account>; ?app=… overrides it. */
const APPLICATION = params.get('app') ?? 'videoconf.admin';
const RETRY_MS = 1000;

const $ = (id) => document.getElementById(id);

const state = {
  client: null,
  me: null,            // my user name (without @app.account.domain)
  displayName: null,
  room: null,
  roomCall: null,
  local: null,         // camera and microphone
  devices: null,       // a promise of them, opened with the join form (see openDevices)
  connecting: null,    // a promise of a Client connected to the node, opened with the join form (see connectEarly)
  roster: [],          // the room's last ROSTER participants
  messages: [],        // every message from the room, parsed
  peers: new Map(),    // user name -> {call, tile, displayName}
  phones: new Map(),   // number -> tile
  joinClickedAt: 0,
  marks: {},           // performance.now() of each step of the last join
  left: true,
};
// For the browser tests and for anyone curious in the developer tools.
window.videoconf = state;

function status(text) {
  $('status').textContent = text;
}

function notice(text) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('notices').prepend(li);
}

async function signUp(displayName) {
  const r = await fetch('/sdk/guests', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ application: APPLICATION, display_name: displayName }),
  });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.detail ?? `sign-up failed (HTTP ${r.status})`);
  return body;
}

function tile(key, label, kind) {
  const div = document.createElement('div');
  div.className = `tile ${kind}`;
  div.dataset.key = key;
  const name = document.createElement('span');
  name.className = 'label';
  name.textContent = label;
  div.append(name);
  $('tiles').append(div);
  return div;
}

function showVideo(div, stream, muted) {
  let video = div.querySelector('video');
  if (!video) {
    video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    div.prepend(video);
  }
  video.muted = muted;
  video.srcObject = stream;
}

/**
 * Opens the camera and microphone while the join form shows, as conference pages do: you see yourself
 * before you join, and joining does not wait for the devices (a browser's first getUserMedia can take
 * most of a second). A refusal is asked again on Join, which then reports it.
 */
function openDevices() {
  if (!state.devices) {
    const opening = navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    state.devices = opening;
    opening.then((stream) => {
      if (state.devices === opening && state.left) $('preview').srcObject = new MediaStream(stream.getVideoTracks());
    }, () => {
      if (state.devices === opening) state.devices = null;
    });
  }
  return state.devices;
}

/**
 * Makes one throwaway offer while the join form shows: a browser's first peer connection and offer are slow
 * (its WebRTC engine starts), and the room's call should not wait for that.
 */
async function warmUpWebRtc() {
  try {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio');
    await pc.setLocalDescription(await pc.createOffer());
    pc.close();
  } catch (err) {
    console.warn('WebRTC warm-up:', err); // joining works without it
  }
}

/**
 * Connects to the node while the join form shows, so that joining only signs up and logs in. The node closes a
 * connection that has not logged in within a minute (sdk.login-timeout); joining after that connects again.
 */
function connectEarly() {
  if (!state.connecting) {
    const client = new Client();
    const connecting = client.connect(location.host).then(() => client);
    state.connecting = connecting;
    const forget = () => {
      if (state.connecting === connecting) state.connecting = null;
    };
    connecting.catch(forget);
    client.on('ConnectionClosed', () => {
      forget();
      if (state.client === client && !state.left) leave('The connection to the node was lost.');
    });
    client.on('IncomingCall', (e) => {
      if (state.client === client) onIncomingCall(e);
    });
  }
  return state.connecting;
}

/** Stops the devices (leaving, or a join that failed) and, back on the join form, opens them again. */
function closeDevices(quietly) {
  const opening = state.devices;
  state.devices = null;
  $('preview').srcObject = null;
  opening?.then((stream) => { for (const t of stream.getTracks()) quietly(() => t.stop()); }, () => {});
}

async function join(displayName, room) {
  state.left = false;
  state.room = room;
  state.marks = {};
  status('Joining…');
  // The connection and the devices were opened with the join form; whichever is not ready yet (or was refused or
  // closed meanwhile) is opened now, while the page signs up: none waits for another.
  const connecting = connectEarly();
  const mark = (name) => (value) => {
    state.marks[name] = performance.now();
    return value;
  };
  const loggedIn = Promise.all([
    signUp(displayName).then(mark('signedUp')),
    connecting.then(mark('connected')),
  ]).then(async ([guest, early]) => {
    if (state.left) throw new Error('left while joining');
    let client = early;
    if (!client.connected) { // the node closed it meanwhile (a minute on the join form without logging in)
      if (state.connecting === connecting) state.connecting = null;
      client = await connectEarly();
    }
    state.client = client; // this join's from now on: leaving closes it and connects the next one
    state.connecting = null;
    await client.loginWithToken(guest.user, guest.access_token, { receiveCalls: true });
    state.marks.loggedIn = performance.now();
    return guest;
  });
  const [guest, local] = await Promise.all([
    loggedIn,
    openDevices().then(mark('media')).then((stream) => {
      if (!state.left) state.local = stream; // a join that failed meanwhile has closed the devices
      return stream;
    }),
  ]);
  state.me = guest.user.split('@')[0];
  state.displayName = guest.display_name;
  state.local = local;
  if (state.left) return;
  $('join').hidden = true;
  $('room-view').hidden = false;
  showVideo(tile(`me:${state.me}`, `${state.displayName} (you)`, 'me'), state.local, true);
  status(`Joining room ${room}…`);
  const call = state.client.call('joinconf', {
    extraHeaders: { 'X-Conference-Id': room },
    stream: new MediaStream(state.local.getAudioTracks()),
  });
  state.roomCall = call;
  call.on('RemoteMediaAdded', ({ element }) => {
    state.marks.roomMedia ??= performance.now();
    if (element) {
      element.hidden = true;
      document.body.append(element);
    }
  });
  call.on('Connected', () => {
    state.marks.answered = performance.now();
    status(`In room ${room} as ${state.displayName}`);
  });
  call.on('MessageReceived', ({ text }) => onRoomMessage(text));
  call.on('Failed', ({ code, reason }) => leave(`Could not join room ${room}: ${code} ${reason}`));
  call.on('Disconnected', () => {
    if (!state.left) leave(`Room ${room} ended.`);
  });
}

function onRoomMessage(text) {
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    return;
  }
  state.messages.push(m);
  switch (m.type) {
    case 'ROSTER':
      updateRoster(Array.isArray(m.participants) ? m.participants : []);
      break;
    case 'CALL_PARTICIPANT_CONNECTED':
      notice(`${m.number} answered and is in the room`);
      break;
    case 'CALL_PARTICIPANT_DISCONNECTED':
      notice(`${m.number} left`);
      break;
    case 'CALL_PARTICIPANT_FAILED':
      notice(`Calling ${m.number} failed${m.code ? ` (${m.code})` : ''}${m.reason ? `: ${m.reason}` : ''}`);
      break;
    case 'ICE_FAILED':
      // Their direct call with us failed: we are the one who calls (our name sorts first), so call again.
      if (typeof m.from === 'string' && state.peers.has(m.from) && state.me < m.from) {
        state.peers.get(m.from).call?.hangup();
        setTimeout(() => callPeer(m.from), RETRY_MS);
      }
      break;
    default:
      break;
  }
}

function updateRoster(participants) {
  state.roster = participants;
  const web = new Map();
  const phones = new Set();
  for (const p of participants) {
    if (p.kind === 'web' && typeof p.callerid === 'string') {
      if (p.callerid !== state.me) web.set(p.callerid, p.displayName ?? p.callerid);
    } else if (typeof p.number === 'string') {
      phones.add(p.number);
    }
  }
  for (const [user, peer] of state.peers) {
    if (web.has(user)) {
      peer.listed = true;
    } else if (!peer.listed && peer.call && peer.call.state !== 'ENDED') {
      // They called us before any roster listed them: the room's rosters reach each page through that page's
      // own gatekeeper session, so one sent before they were in the room can arrive after their call. Keep it.
    } else {
      peer.call?.hangup();
      peer.tile.remove();
      state.peers.delete(user);
    }
  }
  for (const [user, displayName] of web) {
    if (!state.peers.has(user)) {
      state.peers.set(user, { call: null, tile: tile(`web:${user}`, displayName, 'web'), displayName, listed: true });
      if (state.me < user) callPeer(user);
    }
  }
  for (const [number, div] of state.phones) {
    if (!phones.has(number)) {
      div.remove();
      state.phones.delete(number);
    }
  }
  for (const number of phones) {
    if (!state.phones.has(number)) state.phones.set(number, tile(`phone:${number}`, number, 'phone'));
  }
}

function callPeer(user) {
  const peer = state.peers.get(user);
  if (!peer || state.left || (peer.call && peer.call.state !== 'ENDED')) return;
  const call = state.client.call(user, { video: true, stream: state.local });
  watchPeerCall(user, call);
}

function onIncomingCall({ call }) {
  if (state.left) {
    call.decline();
    return;
  }
  const user = call.number.replace(/^sips?:/, '').split('@')[0];
  let peer = state.peers.get(user);
  if (!peer) {
    // Its roster update may still be on the way.
    peer = { call: null, tile: tile(`web:${user}`, call.displayName ?? user, 'web'), displayName: call.displayName ?? user, listed: false };
    state.peers.set(user, peer);
  }
  peer.call?.hangup();
  watchPeerCall(user, call);
  call.answer({}, { stream: state.local });
}

function watchPeerCall(user, call) {
  const peer = state.peers.get(user);
  peer.call = call;
  const who = `${peer.displayName} (${call.incoming ? 'incoming' : 'outgoing'})`;
  call.on('RemoteMediaAdded', ({ stream }) => showVideo(peer.tile, stream, false));
  call.on('Connected', () => {
    notice(`Direct call with ${who} connected`);
    call.peerConnection?.addEventListener('iceconnectionstatechange', () => {
      if (call.peerConnection.iceConnectionState === 'failed') directCallFailed(user, call);
    });
  });
  call.on('Failed', ({ code, reason }) => {
    notice(`Direct call with ${who} failed: ${code} ${reason}`);
    if (code !== 603 && code !== 487) directCallFailed(user, call);
  });
  call.on('Disconnected', () => {
    notice(`Direct call with ${who} ended`);
    if (peer.call === call) {
      peer.call = null;
      peer.tile.querySelector('video')?.remove();
      if (!peer.listed && state.peers.get(user) === peer) {
        // No roster ever listed them: they left before they were in the room.
        peer.tile.remove();
        state.peers.delete(user);
        return;
      }
      // The other side hung up while we both are still in the room: a roster update that reached them
      // before the one listing us makes them drop our call. The one whose name sorts first calls again.
      if (!state.left && state.peers.get(user) === peer && state.me < user) {
        setTimeout(() => callPeer(user), RETRY_MS);
      }
    }
  });
}

/**
 * Our direct call with `user` failed. The one whose name sorts first calls: that is us, so call again;
 * otherwise ask them through the room (ICE_FAILED) to call us again.
 */
function directCallFailed(user, call) {
  call.hangup();
  if (state.left || !state.peers.has(user)) return;
  notice(`The direct connection to ${state.peers.get(user).displayName} failed; retrying`);
  if (state.me < user) {
    setTimeout(() => callPeer(user), RETRY_MS);
  } else {
    state.roomCall?.sendMessage(JSON.stringify({ type: 'ICE_FAILED', to: user }));
  }
}

function leave(why) {
  if (state.left) return;
  state.left = true;
  // Whatever fails while hanging up, the page still goes back to the join form.
  const quietly = (f) => { try { f(); } catch (err) { console.warn('while leaving:', err); } };
  for (const peer of state.peers.values()) quietly(() => peer.call?.hangup());
  quietly(() => state.roomCall?.hangup());
  quietly(() => state.client?.disconnect());
  for (const t of state.local?.getTracks() ?? []) quietly(() => t.stop());
  state.local = null;
  closeDevices(quietly);
  state.peers.clear();
  state.phones.clear();
  state.roomCall = null;
  state.client = null;
  $('tiles').replaceChildren();
  $('room-view').hidden = true;
  $('join').hidden = false;
  $('join-button').disabled = false;
  status(why);
  openDevices().catch(() => {}); // the preview for the next join
  connectEarly().catch(() => {});
}

$('join').addEventListener('submit', (e) => {
  e.preventDefault();
  $('join-button').disabled = true;
  state.joinClickedAt = performance.now();
  join($('name').value.trim(), $('room').value.trim()).catch((err) => {
    state.left = false;
    leave(`Could not join: ${err.message ?? err}`);
  });
});

$('invite').addEventListener('submit', (e) => {
  e.preventDefault();
  const number = $('invite-number').value.trim();
  if (!state.roomCall || !number) return;
  state.roomCall.sendMessage(JSON.stringify({ type: 'CALL_PARTICIPANT', number }));
  notice(`Calling ${number}…`);
  $('invite-number').value = '';
});

$('leave').addEventListener('click', () => leave('You left the room.'));

if (params.has('room')) $('room').value = params.get('room');
openDevices().catch(() => {}); // the join form shows your camera
connectEarly().catch(() => {});
warmUpWebRtc();
