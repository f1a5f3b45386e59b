VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
  e.call.reject(486);
  VoxEngine.terminate();
});
