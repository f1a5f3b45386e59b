// PIN gatekeeper: answers, asks for a conference PIN, collects digits until '#',
// then joins the caller to the conference 'conf_<pin>' (routed by the rules like any dialed string).
require(Modules.Conference);

var pin = '';
var inbound;
var conference;

VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  inbound = e.call;
  Logger.hideTones(true);
  inbound.addEventListener(CallEvents.Connected, function () {
    inbound.say('Welcome. Please enter your conference PIN, then press the hash key.', Language.UK_ENGLISH_FEMALE);
    inbound.handleTones(true);
  });
  inbound.addEventListener(CallEvents.ToneReceived, function (t) {
    if (t.tone !== '#') {
      pin += t.tone;
      return;
    }
    inbound.handleTones(false);
    if (pin.length < 4) {
      pin = '';
      inbound.say('That PIN is too short. Please try again.', { language: Language.UK_ENGLISH_FEMALE });
      inbound.handleTones(true);
      return;
    }
    Logger.write('joining a conference');
    conference = VoxEngine.callConference('conf_' + pin, inbound.callerid(), inbound.displayName(),
      { 'X-Conference-Id': pin });
    conference.addEventListener(CallEvents.Connected, function () {
      VoxEngine.sendMediaBetween(inbound, conference);
    });
    conference.addEventListener(CallEvents.Failed, function (f) {
      inbound.say('Sorry, that conference does not exist.', Language.UK_ENGLISH_FEMALE);
      inbound.addEventListener(CallEvents.PlaybackFinished, function () { inbound.hangup(); });
    });
    conference.addEventListener(CallEvents.Disconnected, function () { inbound.hangup(); });
  });
  inbound.addEventListener(CallEvents.Disconnected, function () {
    if (conference) { conference.hangup(); }
    VoxEngine.terminate();
  });
  inbound.answer();
});
