// Run by every sandbox worker a few times before it reports ready (see Sandbox#warmUp): it touches
// every part of the API so that the first real sessions do not pay for class loading and cold paths.
require(Modules.Conference);
var pin = '', conf = VoxEngine.createConference();
VoxEngine.addEventListener(AppEvents.Started, function (e) { VoxEngine.customData(); });
VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  var call = e.call;
  call.addEventListener(CallEvents.Connected, function () {
    call.say('warm', Language.UK_ENGLISH_FEMALE); call.say('up', { language: Language.US_ENGLISH_MALE });
    call.handleTones(true); call.startPlayback('https://example.com/a.wav', { loop: false });
    VoxEngine.sendMediaBetween(call, conf);
    var t = setTimeout(function () { Logger.write('t'); }, 1000); clearTimeout(t);
    setInterval(function () { Date.now(); }, 1000);
    Net.httpRequest('https://example.com/', function (r) { Logger.write(r.code + ' ' + JSON.stringify(r.headers)); },
      { method: 'POST', postData: 'x', headers: ['A: b'] });
  });
  call.addEventListener(CallEvents.ToneReceived, function (t) { pin += t.tone; });
  call.addEventListener(CallEvents.MessageReceived, function (m) {
    if (m.text === 'throw') { throw new Error('warm-up'); }
    if (m.text === 'throw value') { throw 42; }
    call.sendMessage(JSON.stringify({ echo: m.text, at: new Date().toISOString() }));
  });
  call.addEventListener(CallEvents.Disconnected, function () { VoxEngine.terminate(); });
  call.answer();
});
VoxEngine.addEventListener(AppEvents.HttpRequest, function (e) { return { pin: pin }; });
