// Fwd: the conference room. Rule: 'conf_[A-Za-z0-9]+' (one session owns each room).
//
// Two mixers, so that everybody hears the right mix:
//  - phoneMix: every participant sends to it; it feeds the phone participants, each of whom hears
//    everyone but themselves;
//  - webMix: only phone participants send to it; it feeds the browsers, which hear each other
//    directly (peer to peer, with video) and get the phones from here.
// Every participant is answered and greeted; their media is connected after the greeting. The roster
// (web peers with caller id and display name, phone participants by number) goes to every browser as
// JSON whenever it changes. Browsers may ask the room to dial a number (CALL_PARTICIPANT) and tell a
// peer that their direct call failed (ICE_FAILED). When a browser leaves, its temporary user is deleted
// through the Platform API; the room ends when no browser is left.
require(Modules.Conference);

// Filled in by the provisioning script (samples/videoconf/provision).
var API_URL = '{{API_URL}}';
var ACCOUNT_ID = '{{ACCOUNT_ID}}';
var API_KEY = '{{API_KEY}}';
var APPLICATION_ID = '{{APPLICATION_ID}}';
var CALLER_ID = '{{CALLER_ID}}';

var VOICE = Language.UK_ENGLISH_FEMALE;
var MAX_PARTICIPANTS = 16;

var phoneMix = VoxEngine.createConference();
var webMix = VoxEngine.createConference();
var roomName = '';
var participants = []; // {call, kind: 'web'|'pstn'|'invited', callerid, displayName, number, connected}
var invites = {};      // number -> participant record while dialling
var webSeen = false;

function webParticipants() {
  return participants.filter(function (p) { return p.kind === 'web'; });
}

function find(call) {
  for (var i = 0; i < participants.length; i++) {
    if (participants[i].call === call) { return participants[i]; }
  }
  return null;
}

function toWeb(message, except) {
  var text = JSON.stringify(message);
  webParticipants().forEach(function (p) {
    if (p !== except) { p.call.sendMessage(text); }
  });
}

function sendRoster() {
  toWeb({
    type: 'ROSTER',
    room: roomName,
    participants: participants.filter(function (p) { return p.connected; }).map(function (p) {
      return p.kind === 'web'
        ? { kind: 'web', callerid: p.callerid, displayName: p.displayName }
        : { kind: 'pstn', number: p.number };
    })
  });
}

function connectMedia(p) {
  p.call.sendMediaTo(phoneMix);
  if (p.kind === 'web') {
    webMix.sendMediaTo(p.call);
  } else {
    phoneMix.sendMediaTo(p.call);
    p.call.sendMediaTo(webMix);
  }
  p.connected = true;
  sendRoster();
}

function greetThenConnect(p, text) {
  var greeted = false;
  p.call.addEventListener(CallEvents.PlaybackFinished, function () {
    if (greeted) { return; }
    greeted = true;
    connectMedia(p);
  });
  p.call.say(text, VOICE);
}

function deleteUser(userName) {
  if (API_URL.indexOf('http') !== 0) {
    Logger.write('not deleting the temporary user: API_URL is not configured');
    return;
  }
  var body = 'account_id=' + encodeURIComponent(ACCOUNT_ID) + '&api_key=' + encodeURIComponent(API_KEY) +
    '&application_id=' + encodeURIComponent(APPLICATION_ID) + '&user_name=' + encodeURIComponent(userName);
  Net.httpRequest(API_URL + '/platform_api/DelUser', function (r) {
    if (r.code === 200 && r.text.indexOf('"error"') < 0) {
      Logger.write('deleted the temporary user ' + userName);
    } else {
      Logger.write('could not delete the temporary user ' + userName + ': ' + (r.code || r.error) + ' ' + r.text);
    }
  }, { method: 'POST', postData: body, headers: ['Content-Type: application/x-www-form-urlencoded'] });
}

function endIfNoBrowserLeft() {
  if (webSeen && webParticipants().length === 0) {
    Logger.write('the last browser left room ' + roomName + '; ending it');
    participants.forEach(function (p) { p.call.hangup(); });
    Object.keys(invites).forEach(function (n) { invites[n].call.hangup(); });
    // Give the DelUser requests a moment before the session closes.
    setTimeout(function () { VoxEngine.terminate(); }, 2000);
  }
}

function leave(p) {
  participants = participants.filter(function (q) { return q !== p; });
  Logger.write(p.kind + ' participant left room ' + roomName + '; ' + participants.length + ' remain');
  if (p.kind === 'web') {
    deleteUser(p.callerid);
  } else if (p.kind === 'invited') {
    toWeb({ type: 'CALL_PARTICIPANT_DISCONNECTED', number: p.number });
  }
  sendRoster();
  endIfNoBrowserLeft();
}

function invite(number, by) {
  if (!/^\+?[0-9]{3,15}$/.test(number)) {
    by.call.sendMessage(JSON.stringify({ type: 'CALL_PARTICIPANT_FAILED', number: number, reason: 'not a phone number' }));
    return;
  }
  if (invites[number] || participants.length >= MAX_PARTICIPANTS) {
    by.call.sendMessage(JSON.stringify({ type: 'CALL_PARTICIPANT_FAILED', number: number,
      reason: invites[number] ? 'already being called' : 'the room is full' }));
    return;
  }
  Logger.write('dialling an invited participant for room ' + roomName);
  var call = VoxEngine.callPSTN(number, CALLER_ID);
  var p = { call: call, kind: 'invited', number: number, connected: false };
  invites[number] = p;
  call.addEventListener(CallEvents.Connected, function () {
    delete invites[number];
    participants.push(p);
    toWeb({ type: 'CALL_PARTICIPANT_CONNECTED', number: number });
    greetThenConnect(p, 'You have been invited to a conference. Connecting you now.');
  });
  call.addEventListener(CallEvents.Failed, function (e) {
    delete invites[number];
    toWeb({ type: 'CALL_PARTICIPANT_FAILED', number: number, code: e.code, reason: e.reason });
  });
  call.addEventListener(CallEvents.Disconnected, function () {
    delete invites[number];
    if (find(call)) { leave(p); }
  });
}

function onWebMessage(p, text) {
  var m;
  try { m = JSON.parse(text); } catch (err) { return; }
  if (!m || typeof m.type !== 'string') { return; }
  if (m.type === 'CALL_PARTICIPANT' && typeof m.number === 'string') {
    invite(m.number, p);
  } else if (m.type === 'ICE_FAILED' && typeof m.to === 'string') {
    webParticipants().forEach(function (q) {
      if (q.callerid === m.to) { q.call.sendMessage(JSON.stringify({ type: 'ICE_FAILED', from: p.callerid })); }
    });
  }
}

VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  var call = e.call;
  roomName = e.destination;
  var kind = e.headers['X-ClientType'] === 'web' ? 'web' : 'pstn';
  if (kind === 'pstn' && webParticipants().length === 0) {
    Logger.write('refused a phone caller: nobody is in room ' + roomName);
    call.reject(404);
    if (!webSeen) { VoxEngine.terminate(); }
    return;
  }
  if (participants.length >= MAX_PARTICIPANTS) {
    call.reject(486);
    return;
  }
  var p = { call: call, kind: kind, callerid: e.callerid, displayName: e.displayName, number: e.callerid, connected: false };
  participants.push(p);
  if (kind === 'web') { webSeen = true; }
  Logger.write(kind + ' participant joins room ' + roomName + '; ' + participants.length + ' now');
  call.addEventListener(CallEvents.Connected, function () {
    greetThenConnect(p, kind === 'web' ? 'Welcome to the conference.' : 'You are now joining the conference.');
  });
  call.addEventListener(CallEvents.MessageReceived, function (m) {
    if (p.kind === 'web') { onWebMessage(p, m.text); }
  });
  call.addEventListener(CallEvents.Disconnected, function () { leave(p); });
  call.answer();
});
