// Conference room: one session owns a conference name (conf_...); every internal call into it joins
// the mixer. Each participant hears everyone else (N-1). Messages from a participant go to all others.
require(Modules.Conference);

var conf = VoxEngine.createConference();
var participants = [];

VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  var call = e.call;
  Logger.write('participant ' + call.callerid() + ' joins room ' + e.destination +
    (e.headers['X-Conference-Id'] ? ' (id ' + e.headers['X-Conference-Id'] + ')' : ''));
  call.answer();
  call.addEventListener(CallEvents.Connected, function () {
    VoxEngine.sendMediaBetween(call, conf);
    participants.push(call);
    call.sendMessage(JSON.stringify({ event: 'joined', participants: participants.length }));
  });
  call.addEventListener(CallEvents.MessageReceived, function (m) {
    participants.forEach(function (p) { if (p !== call) { p.sendMessage(m.text); } });
  });
  call.addEventListener(CallEvents.Disconnected, function () {
    participants = participants.filter(function (p) { return p !== call; });
    Logger.write('participant left; ' + participants.length + ' remain');
  });
});
