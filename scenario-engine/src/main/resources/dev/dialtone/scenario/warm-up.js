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
  // A gatekeeper's first moves (the videoconf sample's): header checks, early media with looping hold
  // music in the older call form, a call into a conference bridged once it connects.
  var room = String(e.headers['X-A'] || '');
  if (/^[A-Za-z0-9]{1,32}$/.test(room)) {
    call.startEarlyMedia();
    call.startPlayback('https://example.com/hold.mp3', true);
    call.addEventListener(CallEvents.PlaybackFinished, function (p) { Logger.write('p ' + p.error); });
    var out = VoxEngine.callConference('conf_' + room, e.callerid, e.displayName, { 'X-ClientType': 'web' });
    out.addEventListener(CallEvents.Connected, function () { VoxEngine.sendMediaBetween(call, out); });
    out.addEventListener(CallEvents.Failed, function (f) { Logger.write(f.code + ' ' + f.reason); });
    out.addEventListener(CallEvents.MessageReceived, function (m) { call.sendMessage(m.text); });
  }
  call.answer();
});
VoxEngine.addEventListener(AppEvents.HttpRequest, function (e) { return { pin: pin }; });
