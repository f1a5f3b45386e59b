// InboundFromPSTN: the gatekeeper for phone callers.
// Rule: the conference phone number. Answers, asks (British female voice) for the conference PIN
// followed by '#', then joins the caller to the room 'conf_<pin>' as a phone participant and bridges
// the audio both ways. Either side ending ends both.
require(Modules.Conference);

var MAX_PIN_DIGITS = 12;
var MAX_ATTEMPTS = 3;
var VOICE = Language.UK_ENGLISH_FEMALE;

var caller;
var room;
var pin = '';
var attempts = 0;
var ending = false;

function finish() {
  if (ending) { return; }
  ending = true;
  if (room) { room.hangup(); }
  if (caller) { caller.hangup(); }
  VoxEngine.terminate();
}

function sayThenHangUp(text) {
  caller.handleTones(false);
  caller.say(text, VOICE);
  caller.addEventListener(CallEvents.PlaybackFinished, finish);
}

function askForPin(text) {
  pin = '';
  caller.say(text, VOICE);
  caller.handleTones(true);
}

function joinRoom() {
  caller.handleTones(false);
  Logger.write('phone caller enters a room (' + pin.length + ' digit PIN)');
  room = VoxEngine.callConference('conf_' + pin, caller.callerid(), caller.displayName(),
    { 'X-ClientType': 'pstn_inbound' });
  room.addEventListener(CallEvents.Connected, function () {
    caller.stopPlayback();
    VoxEngine.sendMediaBetween(caller, room);
  });
  room.addEventListener(CallEvents.Failed, function (e) {
    Logger.write('the room refused the caller: ' + e.code + ' ' + e.reason);
    room = null;
    attempts++;
    if (attempts >= MAX_ATTEMPTS) {
      sayThenHangUp('Sorry, there is no conference with that PIN. Goodbye.');
    } else {
      askForPin('Sorry, there is no conference with that PIN. Please enter the PIN again, then press the hash key.');
    }
  });
  room.addEventListener(CallEvents.Disconnected, function () {
    room = null;
    finish();
  });
}

VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  caller = e.call;
  Logger.hideTones(true);
  caller.addEventListener(CallEvents.Connected, function () {
    askForPin('Welcome to the conference. Please enter the conference PIN, then press the hash key.');
  });
  caller.addEventListener(CallEvents.ToneReceived, function (t) {
    if (t.tone === '#') {
      if (pin.length === 0) {
        askForPin('Please enter the conference PIN, then press the hash key.');
      } else {
        joinRoom();
      }
    } else if (/^[0-9]$/.test(t.tone) && pin.length < MAX_PIN_DIGITS) {
      pin += t.tone;
    }
  });
  caller.addEventListener(CallEvents.Disconnected, function () {
    caller = null;
    finish();
  });
  caller.answer();
});
