// The JavaScript half of the VoxEngine API, evaluated once per sandboxed context before the
// scenarios. It receives the one host function of the context (`send`, which takes a JSON array
// [op, args...]) and returns the dispatcher the worker calls with each event as JSON. Everything a
// scenario sees is defined here; the node carries out the commands and reports back as events.
// Scripts may tamper with anything in their own context; that only affects their own session.
(function (send, nodeClock) {
  'use strict';
  var G = globalThis;
  var nodeNow = 0;
  var stringify = JSON.stringify;
  var parse = JSON.parse;
  var freeze = Object.freeze;
  var defineProperty = Object.defineProperty;
  var PromiseCtor = Promise;
  var isArray = Array.isArray;

  function cmd() {
    var args = new Array(arguments.length);
    for (var i = 0; i < arguments.length; i++) { args[i] = arguments[i]; }
    send(stringify(args));
  }
  function str(v) { return v === undefined || v === null ? '' : String(v); }
  function headersOf(h) {
    var out = {};
    if (!h || typeof h !== 'object') { return out; }
    var keys = Object.keys(h);
    for (var i = 0; i < keys.length; i++) { out[keys[i]] = str(h[keys[i]]); }
    return out;
  }

  // ---- constants ------------------------------------------------------------------------------
  function names(prefix, list) {
    var o = {};
    for (var i = 0; i < list.length; i++) { o[list[i]] = prefix + list[i]; }
    return freeze(o);
  }
  var AppEvents = names('Application.', ['Started', 'CallAlerting', 'HttpRequest', 'Terminating', 'Terminated']);
  var CallEvents = names('Call.', ['Connected', 'Disconnected', 'Failed', 'Ringing', 'AudioStarted', 'ToneReceived',
    'MessageReceived', 'InfoReceived', 'PlaybackStarted', 'PlaybackFinished', 'PlaybackReady', 'RecordStarted',
    'RecordStopped', 'RecordError', 'StateChanged', 'OnHold', 'OffHold', 'FirstAudioPacketReceived', 'RtpStopped',
    'RtpResumed', 'TransferComplete', 'TransferFailed']);
  var ConferenceEvents = names('Conference.', ['Started', 'Stopped', 'EndpointAdded', 'EndpointRemoved', 'ConferenceError']);
  var PlayerEvents = names('Player.', ['Started', 'PlaybackFinished', 'PlaybackReady', 'PlaybackMarkerReached']);
  var RecorderEvents = names('Recorder.', ['Started', 'Stopped', 'RecorderError']);
  var Modules = freeze({ Conference: 'conference', Player: 'player', Recorder: 'recorder', ASR: 'asr',
    ApplicationStorage: 'applicationstorage', IVR: 'ivr', CallList: 'calllist', ACD: 'acd', SmartQueue: 'smartqueue',
    AI: 'ai', StreamingAgent: 'streamingagent', WebSocket: 'websocket' });
  var knownModules = {};
  Object.keys(Modules).forEach(function (k) { knownModules[Modules[k]] = true; });
  var VOICES = [/*VOICES*/];
  var Language = {};
  for (var vi = 0; vi < VOICES.length; vi++) { Language[VOICES[vi]] = VOICES[vi]; }
  Language = freeze(Language);

  function voiceName(v) {
    if (v === undefined || v === null) { return ''; }
    if (typeof v === 'string') { return v; }
    if (typeof v === 'object') {
      if (v.language !== undefined) { return voiceName(v.language); }
      if (v.voice !== undefined) { return voiceName(v.voice); }
      if (typeof v.name === 'string') { return v.name; }
    }
    return str(v);
  }

  // ---- listeners --------------------------------------------------------------------------------
  function Emitter() { this._listeners = {}; }
  Emitter.prototype.addEventListener = function (event, fn) {
    if (typeof fn !== 'function') { throw new TypeError('addEventListener needs a function for ' + event); }
    var name = str(event);
    (this._listeners[name] = this._listeners[name] || []).push(fn);
  };
  Emitter.prototype.removeEventListener = function (event, fn) {
    var name = str(event);
    var list = this._listeners[name];
    if (!list) { return; }
    if (fn === undefined) { delete this._listeners[name]; return; }
    var i = list.indexOf(fn);
    if (i >= 0) { list.splice(i, 1); }
  };
  Emitter.prototype._emit = function (name, e) {
    var list = this._listeners[name];
    var result;
    if (!list) { return result; }
    list = list.slice();
    for (var i = 0; i < list.length; i++) {
      var r = list[i].call(this, e);
      if (r !== undefined) { result = r; }
    }
    return result;
  };

  // ---- media units ------------------------------------------------------------------------------
  var units = {};
  var nextId = 1;
  function unitOf(x) {
    if (x && typeof x === 'object' && typeof x._unit === 'string') { return x._unit; }
    throw new TypeError('not a call, conference or player: ' + x);
  }
  function sendMediaTo(self, target) { cmd('media', self._unit, unitOf(target), true); }
  function stopMediaTo(self, target) { cmd('media', self._unit, unitOf(target), false); }

  // ---- Call -------------------------------------------------------------------------------------
  function Call(d) {
    Emitter.call(this);
    this._id = d.id;
    this._unit = 'c:' + d.id;
    this._callerid = str(d.callerid);
    this._displayName = str(d.displayName);
    this._number = str(d.number);
    this._incoming = !!d.incoming;
    this._clientType = str(d.clientType);
    this._headers = d.headers || {};
    this._state = d.state || (d.incoming ? 'ALERTING' : 'PROGRESSING');
    this._custom = undefined;
    units[this._unit] = this;
  }
  Call.prototype = Object.create(Emitter.prototype);
  Call.prototype.constructor = Call;
  Call.prototype.id = function () { return this._id; };
  Call.prototype.callerid = function () { return this._callerid; };
  Call.prototype.displayName = function () { return this._displayName; };
  Call.prototype.number = function () { return this._number; };
  Call.prototype.incoming = function () { return this._incoming; };
  Call.prototype.state = function () { return this._state; };
  Call.prototype.clientType = function () { return this._clientType; };
  Call.prototype.headers = function () { return this._headers; };
  Call.prototype.customData = function (v) {
    if (arguments.length > 0) { this._custom = v === undefined ? undefined : str(v); }
    return this._custom;
  };
  Call.prototype.answer = function (headers) { cmd('answer', this._id, headersOf(headers)); };
  Call.prototype.hangup = function (headers) { cmd('hangup', this._id, headersOf(headers)); };
  Call.prototype.reject = function (code, headers) {
    if (typeof code === 'object' && code !== null) { headers = code; code = undefined; }
    cmd('reject', this._id, code === undefined ? 486 : Number(code), headersOf(headers));
  };
  Call.prototype.decline = function (code, headers) {
    if (typeof code === 'object' && code !== null) { headers = code; code = undefined; }
    cmd('reject', this._id, code === undefined ? 603 : Number(code), headersOf(headers));
  };
  Call.prototype.ring = function () { cmd('ring', this._id); };
  Call.prototype.startEarlyMedia = function () { cmd('earlyMedia', this._id); };
  Call.prototype.say = function (text, voice) { cmd('say', this._id, str(text), voiceName(voice)); };
  Call.prototype.startPlayback = function (url, loopOrOptions) {
    var loop = typeof loopOrOptions === 'object' && loopOrOptions !== null ? !!loopOrOptions.loop : !!loopOrOptions;
    cmd('play', this._id, str(url), loop);
  };
  Call.prototype.stopPlayback = function () { cmd('stopPlayback', this._id); };
  Call.prototype.record = function (params) { cmd('record', this._id, params && typeof params === 'object' ? params : {}); };
  Call.prototype.stopRecording = function () { cmd('stopRecording', this._id); };
  Call.prototype.handleTones = function (on) { cmd('handleTones', this._id, on === undefined ? true : !!on); };
  Call.prototype.sendDigits = function (digits) { cmd('sendDigits', this._id, str(digits)); };
  Call.prototype.sendMessage = function (text) { cmd('sendMessage', this._id, str(text)); };
  Call.prototype.sendInfo = function (mime, body, headers) { cmd('sendInfo', this._id, str(mime), str(body), headersOf(headers)); };
  Call.prototype.sendMediaTo = function (target) { sendMediaTo(this, target); };
  Call.prototype.stopMediaTo = function (target) { stopMediaTo(this, target); };
  Call.prototype.toString = function () { return 'Call(' + this._id + ')'; };

  // ---- Player -----------------------------------------------------------------------------------
  function Player(kind) {
    Emitter.call(this);
    this._unit = 'p:' + (nextId++);
    units[this._unit] = this;
  }
  Player.prototype = Object.create(Emitter.prototype);
  Player.prototype.constructor = Player;
  Player.prototype.id = function () { return this._unit; };
  Player.prototype.sendMediaTo = function (target) { sendMediaTo(this, target); };
  Player.prototype.stopMediaTo = function (target) { stopMediaTo(this, target); };
  Player.prototype.stop = function () { cmd('player.stop', this._unit); };

  // ---- Conference -------------------------------------------------------------------------------
  function Endpoint(conf, call, id) {
    this._conf = conf;
    this._call = call;
    this._id = id;
  }
  Endpoint.prototype.id = function () { return this._id; };
  Endpoint.prototype.getCall = function () { return this._call; };
  Endpoint.prototype.mute = function () { cmd('conference.mute', this._conf._unit, this._call._unit, true); };
  Endpoint.prototype.unmute = function () { cmd('conference.mute', this._conf._unit, this._call._unit, false); };

  function Conference(params) {
    Emitter.call(this);
    this._unit = 'f:' + (nextId++);
    this._endpoints = [];
    units[this._unit] = this;
    cmd('conference.create', this._unit, params && typeof params === 'object' ? params : {});
  }
  Conference.prototype = Object.create(Emitter.prototype);
  Conference.prototype.constructor = Conference;
  Conference.prototype.id = function () { return this._unit; };
  Conference.prototype.sendMediaTo = function (target) { sendMediaTo(this, target); };
  Conference.prototype.stopMediaTo = function (target) { stopMediaTo(this, target); };
  Conference.prototype.stop = function () { cmd('conference.stop', this._unit); };
  Conference.prototype.getList = function () { return this._endpoints.slice(); };
  Conference.prototype.get = function (id) {
    for (var i = 0; i < this._endpoints.length; i++) { if (this._endpoints[i]._id === id) { return this._endpoints[i]; } }
    return undefined;
  };
  Conference.prototype.add = function (params) {
    if (!params || !params.call || typeof params.call._unit !== 'string') { throw new TypeError('conference.add needs {call}'); }
    var direction = str(params.direction || 'BOTH').toUpperCase();
    var call = params.call;
    if (direction === 'BOTH' || direction === 'SEND') { cmd('media', call._unit, this._unit, true); }
    if (direction === 'BOTH' || direction === 'RECEIVE') { cmd('media', this._unit, call._unit, true); }
    var ep = new Endpoint(this, call, this._unit + '/e' + (nextId++));
    this._endpoints.push(ep);
    var self = this;
    call.addEventListener(CallEvents.Disconnected, function () {
      var i = self._endpoints.indexOf(ep);
      if (i >= 0) {
        self._endpoints.splice(i, 1);
        self._emit(ConferenceEvents.EndpointRemoved, { name: ConferenceEvents.EndpointRemoved, conference: self, endpoint: ep });
      }
    });
    this._emit(ConferenceEvents.EndpointAdded, { name: ConferenceEvents.EndpointAdded, conference: this, endpoint: ep });
    return ep;
  };

  // ---- timers -----------------------------------------------------------------------------------
  var timers = {};
  var nextTimer = 1;
  function addTimer(fn, ms, args, repeat) {
    if (typeof fn !== 'function') { throw new TypeError('timer callback must be a function'); }
    var id = nextTimer++;
    var delay = Number(ms);
    if (!(delay >= 0)) { delay = 0; }
    timers[id] = { fn: fn, args: args, repeat: repeat };
    cmd('timer.set', id, delay, repeat);
    return id;
  }
  function clearTimer(id) {
    if (timers[id]) { delete timers[id]; cmd('timer.clear', id); }
  }
  function restArgs(a, from) { return Array.prototype.slice.call(a, from); }

  // ---- Net --------------------------------------------------------------------------------------
  var httpCallbacks = {};
  var nextHttp = 1;
  function httpOptions(o) {
    o = o && typeof o === 'object' ? o : {};
    var headers = [];
    if (isArray(o.headers)) { headers = o.headers.map(str); }
    else if (o.headers && typeof o.headers === 'object') {
      Object.keys(o.headers).forEach(function (k) { headers.push(k + ': ' + str(o.headers[k])); });
    }
    return { method: str(o.method || (o.postData !== undefined ? 'POST' : 'GET')).toUpperCase(), headers: headers,
      postData: o.postData === undefined ? null : str(o.postData), params: o.params && typeof o.params === 'object' ? o.params : null,
      timeout: o.timeout === undefined ? null : Number(o.timeout) };
  }
  function httpRequest(url, callback, options) {
    var id = nextHttp++;
    httpCallbacks[id] = typeof callback === 'function' ? callback : null;
    cmd('http', id, str(url), httpOptions(options));
  }
  function httpRequestAsync(url, options) {
    return new PromiseCtor(function (resolve) { httpRequest(url, resolve, options); });
  }

  // ---- VoxEngine --------------------------------------------------------------------------------
  var app = new Emitter();
  var customData;
  var terminated = false;
  function makeCall(kind, target, callerid, displayName, headers) {
    var id = 'out-' + (nextId++) + '-' + Math.floor(Math.random() * 1e9).toString(36);
    var call = new Call({ id: id, callerid: callerid, displayName: displayName, number: target, incoming: false,
      clientType: kind === 'conference' ? 'internal' : kind, state: 'PROGRESSING' });
    cmd('call', id, kind, str(target), str(callerid), str(displayName), headersOf(headers));
    return call;
  }
  function paramsOf(p) { return p && typeof p === 'object' ? p : {}; }

  var VoxEngine = {
    addEventListener: function (event, fn) { app.addEventListener(event, fn); },
    removeEventListener: function (event, fn) { app.removeEventListener(event, fn); },
    customData: function (v) {
      if (arguments.length > 0) { customData = v === undefined ? undefined : str(v); cmd('customData', customData === undefined ? null : customData); }
      return customData;
    },
    terminate: function () { if (!terminated) { terminated = true; cmd('terminate'); } },
    callPSTN: function (number, callerid, params) {
      var p = paramsOf(params);
      return makeCall('pstn', number, callerid, p.displayName, p.headers || p.extraHeaders);
    },
    callSIP: function (uri, callerIdOrParams, displayName, password, authUser, headers) {
      if (typeof callerIdOrParams === 'object' && callerIdOrParams !== null) {
        var p = callerIdOrParams;
        return makeCall('sip', uri, p.callerid, p.displayName, p.headers || p.extraHeaders);
      }
      return makeCall('sip', uri, callerIdOrParams, displayName, headers);
    },
    callUser: function (username, callerid, displayName, headers) {
      if (typeof username === 'object' && username !== null) {
        var p = username;
        return makeCall('user', p.username, p.callerid, p.displayName, p.headers || p.extraHeaders);
      }
      return makeCall('user', username, callerid, displayName, headers);
    },
    callUserDirect: function (incoming, username, callerid, displayName, headers) {
      var h = headersOf(headers);
      h['X-Dialtone-Direct'] = 'true';
      return VoxEngine.callUser(username, callerid, displayName, h);
    },
    callConference: function (conferenceId, callerid, displayName, headers) {
      if (typeof conferenceId === 'object' && conferenceId !== null) {
        var p = conferenceId;
        return makeCall('conference', p.conferenceId, p.callerid, p.displayName, p.headers || p.extraHeaders);
      }
      return makeCall('conference', conferenceId, callerid, displayName, headers);
    },
    createConference: function (params) { return new Conference(params); },
    createTTSPlayer: function (text, voice) {
      var p = new Player();
      cmd('player.say', p._unit, str(text), voiceName(voice));
      return p;
    },
    createURLPlayer: function (url, loopOrOptions) {
      var p = new Player();
      var loop = typeof loopOrOptions === 'object' && loopOrOptions !== null ? !!loopOrOptions.loop : !!loopOrOptions;
      cmd('player.url', p._unit, str(url), loop);
      return p;
    },
    sendMediaBetween: function (a, b) { sendMediaTo(a, b); sendMediaTo(b, a); },
    stopMediaBetween: function (a, b) { stopMediaTo(a, b); stopMediaTo(b, a); },
    easyProcess: function (inCall, outCall, onEstablished, hangupOnFail) {
      if (!outCall) { throw new TypeError('easyProcess needs the outgoing call'); }
      outCall.addEventListener(CallEvents.Connected, function (e) {
        inCall.answer();
        VoxEngine.sendMediaBetween(inCall, outCall);
        if (typeof onEstablished === 'function') { onEstablished(inCall, outCall); }
      });
      outCall.addEventListener(CallEvents.Ringing, function () { inCall.ring(); });
      outCall.addEventListener(CallEvents.Failed, function (e) {
        if (inCall.state() === 'CONNECTED') { inCall.hangup(); } else { inCall.reject(e.code); }
        VoxEngine.terminate();
      });
      outCall.addEventListener(CallEvents.Disconnected, function () { inCall.hangup(); VoxEngine.terminate(); });
      inCall.addEventListener(CallEvents.Disconnected, function () { outCall.hangup(); VoxEngine.terminate(); });
    },
    forwardCallToUserDirect: function (onEstablished) {
      app.addEventListener(AppEvents.CallAlerting, function (e) {
        var out = VoxEngine.callUserDirect(e.call, e.destination, e.callerid, e.displayName, e.headers);
        VoxEngine.easyProcess(e.call, out, onEstablished);
      });
    },
    forwardCallToUser: function (onEstablished) {
      app.addEventListener(AppEvents.CallAlerting, function (e) {
        var out = VoxEngine.callUser(e.destination, e.callerid, e.displayName, e.headers);
        VoxEngine.easyProcess(e.call, out, onEstablished);
      });
    }
  };

  var Logger = {
    write: function (text) { cmd('log', str(text)); },
    hideTones: function (on) { cmd('hideTones', on === undefined ? true : !!on); }
  };

  var Net = { httpRequest: httpRequest, httpRequestAsync: httpRequestAsync };

  // In the test kit, Date follows the harness's virtual clock: the node sends its time with every
  // event and scripts see exactly that time (it does not move during a callback, as virtual time
  // does not). Date objects stay real Dates; only "now" changes.
  if (nodeClock) {
    var RealDate = Date;
    var construct = Reflect.construct;
    var VirtualDate = function Date(a, b, c, d, e, f, g) {
      if (new.target === undefined) { return new RealDate(nodeNow).toString(); }
      var args = arguments.length === 0 ? [nodeNow] : Array.prototype.slice.call(arguments);
      return construct(RealDate, args, new.target);
    };
    defineProperty(VirtualDate, 'prototype', { value: RealDate.prototype, writable: false });
    defineProperty(VirtualDate, 'length', { value: 7 });
    VirtualDate.now = function now() { return nodeNow; };
    VirtualDate.UTC = RealDate.UTC;
    VirtualDate.parse = RealDate.parse;
    defineProperty(RealDate.prototype, 'constructor', { value: VirtualDate, writable: true, configurable: true, enumerable: false });
    defineProperty(G, 'Date', { value: VirtualDate, writable: true, configurable: true, enumerable: false });
  }

  // Whatever the engine still provides beyond ECMAScript goes: scripts get the VoxEngine API only.
  ['Polyglot', 'Java', 'Graal', 'Packages', 'java', 'javax', 'javafx', 'com', 'org', 'edu', 'net', 'load',
    'loadWithNewGlobal', 'print', 'printErr', 'quit', 'exit', 'read', 'readbuffer', 'readline', 'console']
    .forEach(function (n) { try { delete G[n]; } catch (err) { /* not configurable: left as it is */ } });

  function install(name, value) {
    defineProperty(G, name, { value: value, writable: true, configurable: true, enumerable: false });
  }
  install('VoxEngine', VoxEngine);
  install('AppEvents', AppEvents);
  install('CallEvents', CallEvents);
  install('ConferenceEvents', ConferenceEvents);
  install('PlayerEvents', PlayerEvents);
  install('RecorderEvents', RecorderEvents);
  install('Modules', Modules);
  install('Language', Language);
  install('VoiceList', Language);
  install('Logger', Logger);
  install('console', freeze({ log: function () { Logger.write(Array.prototype.map.call(arguments, str).join(' ')); } }));
  install('Net', Net);
  install('Call', Call);
  install('Conference', Conference);
  install('Player', Player);
  install('setTimeout', function (fn, ms) { return addTimer(fn, ms, restArgs(arguments, 2), false); });
  install('setInterval', function (fn, ms) { return addTimer(fn, ms, restArgs(arguments, 2), true); });
  install('clearTimeout', clearTimer);
  install('clearInterval', clearTimer);
  install('require', function (module) {
    var m = str(module).toLowerCase();
    if (!knownModules[m]) { throw new Error('Unknown module: ' + str(module) + ' (use one of Modules.*)'); }
    return undefined;
  });

  // ---- events from the node ---------------------------------------------------------------------
  function callEvent(call, name, fields) {
    var e = fields || {};
    e.name = name;
    e.call = call;
    return call._emit(name, e);
  }

  function dispatch(json, now) {
    nodeNow = now;
    if (json === null) { return null; }
    var e = parse(json);
    var r;
    switch (e.t) {
      case 'started':
        customData = e.customData === null ? undefined : e.customData;
        r = app._emit(AppEvents.Started, { name: AppEvents.Started, accessURL: e.accessURL, accessSecureURL: e.accessURL,
          customData: customData, sessionId: e.sessionId, applicationId: e.applicationId });
        break;
      case 'alerting': {
        var call = new Call(e.call);
        r = app._emit(AppEvents.CallAlerting, { name: AppEvents.CallAlerting, call: call, callerid: call._callerid,
          destination: call._number, displayName: call._displayName, headers: e.call.headers || {},
          customData: customData, sessionId: e.sessionId });
        break;
      }
      case 'call': {
        var c = units['c:' + e.id];
        if (!c) { break; }
        if (e.state) { c._state = e.state; }
        var name = 'Call.' + e.event;
        var fields = e.fields || {};
        if (e.event === 'Connected' || e.event === 'Disconnected' || e.event === 'Failed') {
          fields.headers = fields.headers || {};
        }
        r = callEvent(c, name, fields);
        break;
      }
      case 'player': {
        var p = units[e.id];
        if (p) { var pe = e.fields || {}; pe.name = 'Player.' + e.event; pe.player = p; r = p._emit(pe.name, pe); }
        break;
      }
      case 'conference': {
        var f = units[e.id];
        if (f) { var fe = e.fields || {}; fe.name = 'Conference.' + e.event; fe.conference = f; r = f._emit(fe.name, fe); }
        break;
      }
      case 'timer': {
        var t = timers[e.id];
        if (t) {
          if (!t.repeat) { delete timers[e.id]; }
          t.fn.apply(G, t.args);
        }
        break;
      }
      case 'http': {
        var cb = httpCallbacks[e.id];
        delete httpCallbacks[e.id];
        if (cb) { cb(e.result); }
        break;
      }
      case 'httpRequest': {
        r = app._emit(AppEvents.HttpRequest, { name: AppEvents.HttpRequest, method: e.method, path: e.path,
          headers: e.headers, content: e.body, body: e.body });
        if (r === undefined || r === null) { return null; }
        return stringify({ v: r });
      }
      case 'terminating':
        app._emit(AppEvents.Terminating, { name: AppEvents.Terminating });
        break;
      case 'terminated':
        terminated = true;
        app._emit(AppEvents.Terminated, { name: AppEvents.Terminated });
        break;
      default:
        break;
    }
    return null;
  }
  return dispatch;
})
