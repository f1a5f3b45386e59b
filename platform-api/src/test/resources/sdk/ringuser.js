// callUser with the node's media: a page calls 'ring-<user>'; the scenario answers it and calls <user>'s page
// (VoxEngine.callUser: the node makes the offer), speaks to the callee, then bridges both pages through the node.
// The callee's digits and messages come back to this scenario, which reports them to the caller.
VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  var caller = e.call;
  var user = e.destination.substring('ring-'.length);
  caller.answer();
  var callee = VoxEngine.callUser(user, e.callerid, 'Ring Test', {'X-Why': 'ring-test'});
  callee.handleTones(true);
  callee.addEventListener(CallEvents.Connected, function () {
    caller.sendMessage('callee connected');
    callee.addEventListener(CallEvents.PlaybackFinished, function () {
      VoxEngine.sendMediaBetween(caller, callee);
      caller.sendMessage('bridged');
    });
    callee.say('Hello, this is the scenario calling you through the node.', Language.UK_ENGLISH_FEMALE);
  });
  callee.addEventListener(CallEvents.ToneReceived, function (t) { caller.sendMessage('callee tone ' + t.tone); });
  callee.addEventListener(CallEvents.MessageReceived, function (m) { caller.sendMessage('callee says ' + m.text); });
  callee.addEventListener(CallEvents.Failed, function (f) {
    caller.sendMessage('callee failed ' + f.code);
    caller.hangup();
  });
  callee.addEventListener(CallEvents.Disconnected, function () { caller.hangup(); });
  caller.addEventListener(CallEvents.Disconnected, function () {
    callee.hangup();
    VoxEngine.terminate();
  });
});
