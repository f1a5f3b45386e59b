// Web gatekeeper for the browser tests: answers, joins the caller to conference conf_<X-Conference-Id>,
// and reports every digit the page sends (RFC 4733) back as a message.
require(Modules.Conference);
VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  var call = e.call;
  var room = e.headers['X-Conference-Id'] || 'lobby';
  var conference;
  call.handleTones(true);
  call.addEventListener(CallEvents.Connected, function () {
    conference = VoxEngine.callConference('conf_' + room, call.callerid(), call.displayName(), { 'X-Conference-Id': room });
    conference.addEventListener(CallEvents.Connected, function () {
      VoxEngine.sendMediaBetween(call, conference);
      call.sendMessage('joined ' + room);
    });
    conference.addEventListener(CallEvents.Failed, function (f) { Logger.write('conference failed ' + f.code + ' ' + f.reason); call.hangup(); });
    conference.addEventListener(CallEvents.Disconnected, function () { Logger.write('conference disconnected'); call.hangup(); });
  });
  call.addEventListener(CallEvents.ToneReceived, function (t) {
    Logger.write('tone ' + t.tone);
    call.sendMessage('tone ' + t.tone);
  });
  call.addEventListener(CallEvents.Disconnected, function (d) {
    Logger.write('caller disconnected');
    if (conference) { conference.hangup(); }
    VoxEngine.terminate();
  });
  call.answer();
});
