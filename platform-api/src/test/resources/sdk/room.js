// The conference room of the browser tests: every internal call joins one N-1 mixer.
require(Modules.Conference);
var conf = VoxEngine.createConference();
VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  var call = e.call;
  call.answer();
  call.addEventListener(CallEvents.Connected, function () { VoxEngine.sendMediaBetween(call, conf); });
});
