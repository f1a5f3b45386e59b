// HTTP-started scenario: StartScenarios with script_custom_data = a phone number. It looks the
// customer up over HTTP, calls them and reads the greeting. Requests to the session's access URL
// get the call's state back.
var call;
var number;

VoxEngine.addEventListener(AppEvents.Started, function (e) {
  number = VoxEngine.customData();
  Logger.write('callback session started; access URL ' + (e.accessURL ? 'set' : 'missing'));
  Net.httpRequest('https://crm.example.com/customers?phone=' + encodeURIComponent(number), function (res) {
    var name = 'customer';
    if (res.code === 200) {
      try { name = JSON.parse(res.text).name; } catch (err) { Logger.write('bad CRM answer'); }
    }
    call = VoxEngine.callPSTN(number, '+15550100');
    call.addEventListener(CallEvents.Connected, function () {
      call.say('Hello ' + name + ', this is your callback.', Language.US_ENGLISH_MALE);
    });
    call.addEventListener(CallEvents.PlaybackFinished, function () { call.hangup(); });
    call.addEventListener(CallEvents.Disconnected, function () { VoxEngine.terminate(); });
    call.addEventListener(CallEvents.Failed, function () { VoxEngine.terminate(); });
  });
});

VoxEngine.addEventListener(AppEvents.HttpRequest, function (e) {
  return { number: number, state: call ? call.state() : 'NOT_PLACED' };
});
