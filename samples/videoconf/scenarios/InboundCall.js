// InboundCall: the gatekeeper for browsers.
// Rule: 'joinconf'. The page sends the room in the header X-Conference-Id. While the room connects the
// caller hears looping hold music as early media; then the call is answered and bridged to the room.
// Messages are relayed both ways: the room's roster and notices to the page, the page's requests to
// the room. Either side ending ends the session.
require(Modules.Conference);
require(Modules.Player);

// Filled in by the provisioning script (samples/videoconf/provision).
var HOLD_MUSIC_URL = '{{HOLD_MUSIC_URL}}';

var page;
var room;
var ending = false;

function finish() {
  if (ending) { return; }
  ending = true;
  if (room) { room.hangup(); }
  if (page) { page.hangup(); }
  VoxEngine.terminate();
}

VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  page = e.call;
  var roomId = e.headers['X-Conference-Id'];
  if (!roomId || !/^[A-Za-z0-9]{1,32}$/.test(roomId)) {
    Logger.write('refused: the X-Conference-Id header is missing or not 1-32 letters and digits');
    page.reject(400);
    VoxEngine.terminate();
    return;
  }
  page.addEventListener(CallEvents.Disconnected, function () {
    page = null;
    finish();
  });
  page.addEventListener(CallEvents.MessageReceived, function (m) {
    if (room) { room.sendMessage(m.text); }
  });

  page.startEarlyMedia();
  if (HOLD_MUSIC_URL.indexOf('http') === 0) {
    page.addEventListener(CallEvents.PlaybackFinished, function (p) {
      if (p.error) { Logger.write('the hold music could not be played: ' + p.error); }
    });
    page.startPlayback(HOLD_MUSIC_URL, true);
  }
  Logger.write('web participant ' + e.callerid + ' enters room ' + roomId);
  room = VoxEngine.callConference('conf_' + roomId, e.callerid, e.displayName, { 'X-ClientType': 'web' });
  room.addEventListener(CallEvents.Connected, function () {
    page.stopPlayback();
    page.answer();
    VoxEngine.sendMediaBetween(page, room);
  });
  room.addEventListener(CallEvents.MessageReceived, function (m) {
    if (page) { page.sendMessage(m.text); }
  });
  room.addEventListener(CallEvents.Failed, function (f) {
    Logger.write('the room failed: ' + f.code + ' ' + f.reason);
    room = null;
    if (page) { page.reject(f.code >= 400 && f.code < 700 ? f.code : 480); }
    page = null;
    finish();
  });
  room.addEventListener(CallEvents.Disconnected, function () {
    room = null;
    finish();
  });
});
