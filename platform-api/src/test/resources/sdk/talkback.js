// A scenario for the web SDK gateway's call tests: answers, greets with the headers it got, speaks,
// reports digits and echoes messages, and ends when the caller hangs up.
VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  var call = e.call;
  call.handleTones(true);
  call.addEventListener(CallEvents.Connected, function () {
    call.sendMessage('hello conf=' + e.headers['X-Conference-Id'] + ' data=' + e.headers['VI-CallData']
        + ' other=' + e.headers['Other'] + ' caller=' + call.callerid() + ' name=' + call.displayName()
        + ' client=' + call.clientType() + ' number=' + call.number());
    call.say('Hello from the scenario. This sentence is long enough to be heard for a while.', Language.UK_ENGLISH_FEMALE);
  });
  call.addEventListener(CallEvents.ToneReceived, function (t) { call.sendMessage('tone ' + t.tone); });
  call.addEventListener(CallEvents.MessageReceived, function (m) {
    if (m.text === 'hang up please') {
      call.hangup({'X-Reason': 'asked'});
    } else {
      call.sendMessage('echo ' + m.text);
    }
  });
  call.addEventListener(CallEvents.InfoReceived, function (i) { call.sendInfo(i.mimeType, 'info ' + i.body); });
  call.addEventListener(CallEvents.Disconnected, function () { VoxEngine.terminate(); });
  call.answer({'X-Answered': 'yes'});
});
