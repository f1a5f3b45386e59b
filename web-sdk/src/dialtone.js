// Dialtone web SDK: a small client for the Dialtone node's web SDK gateway (wss://<host>/platform).
// Plain ES module, no dependencies. It speaks the same protocol (v3 call model) as the original
// platform's Web SDK, so the node serves pages built on either. Types: dialtone.d.ts.

const PROTOCOL_QUERY = 'version=3&client=dialtone&ccheck=false&referrer=&extra=&video=true&client_version=dialtone-0.1';

/** A tiny event emitter: on(name, fn), off(name, fn), once(name). */
class Emitter {
  #handlers = new Map();

  on(name, fn) {
    if (!this.#handlers.has(name)) this.#handlers.set(name, new Set());
    this.#handlers.get(name).add(fn);
    return this;
  }

  off(name, fn) {
    this.#handlers.get(name)?.delete(fn);
    return this;
  }

  /** Resolves with the next event of that name. */
  once(name) {
    return new Promise((resolve) => {
      const fn = (e) => { this.off(name, fn); resolve(e); };
      this.on(name, fn);
    });
  }

  emit(name, event) {
    for (const fn of [...(this.#handlers.get(name) ?? [])]) {
      try { fn(event); } catch (err) { console.error(`dialtone: a ${name} handler threw`, err); }
    }
  }
}

/** Why a login or a token refresh was refused: the gateway's code (401, 403, 404, 429, 500, 701). */
export class AuthError extends Error {
  constructor(code) {
    super(`login refused with code ${code}`);
    this.name = 'AuthError';
    this.code = code;
  }
}

function uuid() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Only what the gateway accepts as call headers: X-… and VI-CallData with string values. */
function callHeaders(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if ((/^x-/i.test(k) || /^vi-calldata$/i.test(k)) && v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

/**
 * The connection to a node and the logged-in user. Events: `ConnectionClosed` {code, reason},
 * `IncomingCall` {call, headers, video}, `Reconnecting` {code} and `Reconnected` {calls} when a dropped
 * connection with open calls is taken back within the node's grace period (30 s by default).
 */
export class Client extends Emitter {
  #ws = null;
  #pinger = null;
  #pending = [];          // [{names, resolve, reject}] waiting for one of the names
  #calls = new Map();
  #iceConfig = null;
  #server = null;
  #closing = false;
  #lastUser = null;
  #policy = null;
  #resume = null;         // {user, token}: how to take the calls back after a dropped connection

  /**
   * @param {{server?: string, iceConfig?: RTCConfiguration, iceTransportPolicy?: RTCIceTransportPolicy}} [options]
   *   server: host[:port] of the node's HTTPS port; iceTransportPolicy 'relay' sends media only through TURN
   */
  constructor(options = {}) {
    super();
    this.#server = options.server ?? null;
    this.#iceConfig = options.iceConfig ?? null;
    this.#policy = options.iceTransportPolicy ?? null;
    this.displayName = null;
    this.tokens = null;
    this.connected = false;
  }

  /** Opens wss://<server>/platform and resolves once the node accepted the connection. */
  connect(server = this.#server) {
    if (!server) throw new Error('dialtone: connect(server) needs the node\'s host[:port]');
    this.#server = server;
    this.#closing = false;
    return this.#open(server);
  }

  #open(server) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`wss://${server}/platform?${PROTOCOL_QUERY}`);
      this.#ws = ws;
      let opened = false;
      ws.onmessage = (m) => { if (this.#ws === ws) this.#onFrame(m.data); };
      ws.onerror = () => { if (!opened) reject(new Error(`dialtone: cannot connect to wss://${server}/platform`)); };
      ws.onclose = (e) => {
        if (this.#ws !== ws) return;
        clearInterval(this.#pinger);
        this.connected = false;
        for (const p of this.#pending.splice(0)) p.reject(new Error('dialtone: connection closed'));
        if (!opened) {
          reject(new Error(`dialtone: the node closed the connection (${e.code})`));
          return;
        }
        if (!this.#closing && this.#calls.size > 0 && this.#resume) {
          this.#reconnect(e);
        } else {
          this.#closed(e);
        }
      };
      this.#expect(['__connectionSuccessful']).then(() => {
        opened = true;
        this.connected = true;
        this.#pinger = setInterval(() => this._send('__ping', [[]]), 1000);
        resolve();
      }, reject);
    });
  }

  #closed(e) {
    for (const call of this.#calls.values()) call._closed(409, 'Connection Closed');
    this.#calls.clear();
    this.emit('ConnectionClosed', { code: e.code, reason: e.reason });
  }

  /** The connection dropped with calls open: reconnect, log in with the access token and take the calls back. */
  async #reconnect(e) {
    const { user, token } = this.#resume;
    this.emit('Reconnecting', { code: e.code });
    for (let attempt = 0; attempt < 5; attempt++) {
      await new Promise((r) => setTimeout(r, 500 + attempt * 1000));
      if (this.#closing) break;
      try {
        await this.#open(this.#server);
        await this.loginWithToken(user, this.tokens.accessToken);
        this._send('resumeConnection', [token]);
        const f = await this.#expect(['resumeConnectionSuccessful', 'resumeConnectionFailed']);
        if (f.name === 'resumeConnectionFailed') break;
        const kept = new Set(f.params[0] ?? []);
        for (const [id, call] of this.#calls) if (!kept.has(id)) { call._closed(409, 'Connection Closed'); }
        this.emit('Reconnected', { calls: [...kept] });
        return;
      } catch {
        // try again while the node still keeps the calls
      }
    }
    this.#closed(e);
  }

  /** Closes the connection; open calls end locally. */
  disconnect() {
    this.#closing = true;
    this.#ws?.close(1000, 'bye');
  }

  /** Logs in with a password. Resolves with {displayName, tokens}; rejects with an AuthError. */
  login(user, password, options = {}) {
    this.#lastUser = user;
    this._send('login', [user, password, { receiveCalls: !!options.receiveCalls }]);
    return this.#loginAnswer();
  }

  /** Logs in with an access token from an earlier login or refresh. */
  loginWithToken(user, accessToken, options = {}) {
    this.#lastUser = user;
    this._send('login', [user, '', { serverPresenceControl: false, accessToken, receiveCalls: !!options.receiveCalls }]);
    return this.#loginAnswer();
  }

  /** Asks for a one-time key; your back end answers MD5(key + "|" + MD5(user + ":voximplant.com:" + password)). */
  async requestOneTimeLoginKey(user) {
    this._send('loginGenerateOneTimeKey', [user]);
    const [code, key] = (await this.#expect(['loginFailed'])).params;
    if (code !== 302) throw new AuthError(code);
    return key;
  }

  /** Logs in with the hash your back end computed for the one-time key. */
  loginWithOneTimeKey(user, hash, options = {}) {
    this.#lastUser = user;
    this._send('loginUsingOneTimeKey', [user, hash, { serverPresenceControl: false, receiveCalls: !!options.receiveCalls }]);
    return this.#loginAnswer();
  }

  /** Trades a refresh token (single use) for new tokens. */
  async refreshTokens(user, refreshToken) {
    this._send('refreshOauthToken', [user, refreshToken]);
    const f = await this.#expect(['refreshOauthTokenSuccessful', 'refreshOauthTokenFailed']);
    if (f.name === 'refreshOauthTokenFailed') throw new AuthError(f.params[0]);
    this.tokens = f.params[0].OAuth;
    return this.tokens;
  }

  async #loginAnswer() {
    const f = await this.#expect(['loginSuccessful', 'loginFailed']);
    if (f.name === 'loginFailed') throw new AuthError(f.params[0]);
    const [displayName, details] = f.params;
    this.displayName = displayName;
    if (details?.resumeToken) this.#resume = { user: this.#lastUser, token: details.resumeToken };
    this.tokens = details?.OAuth ?? null;
    if (details?.iceConfig) this.#iceConfig = details.iceConfig;
    return { displayName, tokens: this.tokens, connectionId: details?.connectionId };
  }

  /**
   * Calls a number (routed by the application's rules) or a user.
   * @param {string} number
   * @param {{extraHeaders?: Object<string,string>, customData?: string, video?: boolean, conference?: boolean,
   *          stream?: MediaStream}} [options] stream: send this instead of the microphone (and camera)
   */
  call(number, options = {}) {
    const call = new Call(this, uuid(), number, false, options);
    this.#calls.set(call.id, call);
    call._start(options.conference ? 'callConference' : 'createCall');
    return call;
  }

  /** The RTCPeerConnection configuration: the node's iceConfig (TURN credentials) if it sent one. */
  rtcConfiguration() {
    const config = { ...(this.#iceConfig ?? { iceServers: [] }), bundlePolicy: 'max-bundle' };
    if (this.#policy) config.iceTransportPolicy = this.#policy;
    return config;
  }

  _send(name, params) {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify({ name, params }));
  }

  _forget(call) {
    this.#calls.delete(call.id);
  }

  #expect(names) {
    return new Promise((resolve, reject) => this.#pending.push({ names, resolve, reject }));
  }

  #onFrame(text) {
    let f;
    try { f = JSON.parse(text); } catch { return; }
    if (!f || typeof f.name !== 'string') return;
    const params = Array.isArray(f.params) ? f.params : [];
    const i = this.#pending.findIndex((p) => p.names.includes(f.name));
    if (i >= 0) {
      this.#pending.splice(i, 1)[0].resolve({ name: f.name, params });
      return;
    }
    if (f.name === 'handleIncomingConnection') {
      const [id, callerId, displayName, headers, sdp] = params;
      const call = new Call(this, id, callerId, true, { displayName, headers, offer: sdp });
      this.#calls.set(id, call);
      this.emit('IncomingCall', { call, headers: headers ?? {}, video: /m=video/.test(sdp ?? '') });
      return;
    }
    const call = typeof params[0] === 'string' ? this.#calls.get(params[0]) : undefined;
    if (call) {
      call._onFrame(f.name, params.slice(1));
    } else if (f.name === '__error') {
      console.warn('dialtone: the node reported', params);
    }
  }
}

/**
 * One call. Events: `ProgressToneStart`, `ProgressToneStop`, `Connected` {headers}, `Disconnected` {headers},
 * `Failed` {code, reason, headers}, `MessageReceived` {text}, `InfoReceived` {mimeType, body, headers},
 * `RemoteMediaAdded` {stream, element}, `LocalMediaAdded` {stream}.
 */
export class Call extends Emitter {
  #client;
  #pc = null;
  #options;
  #localStream = null;
  #candidates = [];
  #released = false;   // may send our ICE candidates
  #remoteCandidates = []; // the far end's candidates, added once its description is set
  #offer = null;

  constructor(client, id, number, incoming, options) {
    super();
    this.#client = client;
    this.id = id;
    this.number = number;
    this.incoming = incoming;
    this.displayName = options.displayName ?? null;
    this.headers = options.headers ?? {};
    this.state = incoming ? 'ALERTING' : 'PROGRESSING';
    this.remoteStream = null;
    this.element = null;
    this.#options = options;
    this.#offer = options.offer ?? null;
    this.muted = false;
    this.onHold = false;
    this.video = !!options.video;
  }

  /** The call's RTCPeerConnection (for getStats()), once media started. */
  get peerConnection() {
    return this.#pc;
  }

  async #peer(video) {
    this.video = !!video;
    const pc = new RTCPeerConnection(this.#client.rtcConfiguration());
    this.#pc = pc;
    pc.onicecandidate = (e) => {
      if (!e.candidate) return;
      this.#candidates.push([e.candidate.sdpMLineIndex ?? 0, `a=${e.candidate.candidate}`]);
      this.#flushCandidates();
    };
    pc.ontrack = (e) => {
      const stream = e.streams[0] ?? this.remoteStream ?? new MediaStream([e.track]);
      if (!stream.getTracks().includes(e.track)) stream.addTrack(e.track);
      if (this.remoteStream === stream) return;
      this.remoteStream = stream;
      if (typeof document !== 'undefined' && !this.element) {
        this.element = document.createElement(this.video || e.track.kind === 'video' ? 'video' : 'audio');
        this.element.autoplay = true;
        this.element.playsInline = true;
        this.element.srcObject = stream;
      }
      this.emit('RemoteMediaAdded', { stream, element: this.element });
    };
    // A stream the page gives us is shared (one camera for several direct calls): this call sends copies of its
    // tracks, so muting, holding or ending this call leaves the page's stream and its other calls alone.
    const given = this.#options.stream;
    this.#localStream = given
      ? new MediaStream(given.getTracks().map((t) => t.clone()))
      : await navigator.mediaDevices.getUserMedia({ audio: true, video: !!video });
    for (const t of this.#localStream.getTracks()) pc.addTrack(t, this.#localStream);
    this.emit('LocalMediaAdded', { stream: this.#localStream });
    return pc;
  }

  #tracks() {
    const tracks = {};
    for (const t of this.#localStream?.getTracks() ?? []) tracks[t.id] = t.kind;
    return { tracks };
  }

  /** Adds the far end's candidates once the peer connection has its description (earlier ones would be refused). */
  #addRemoteCandidates() {
    if (!this.#pc?.remoteDescription) return;
    for (const c of this.#remoteCandidates.splice(0)) this.#pc.addIceCandidate(c).catch(() => {});
  }

  #flushCandidates() {
    if (!this.#released || this.#candidates.length === 0) return;
    const batch = this.#candidates.splice(0);
    this.#client._send('sendSIPInfo', [this.id, 'voximplant', 'sdpfrag', JSON.stringify(batch), {}]);
  }

  async _start(kind) {
    try {
      const pc = await this.#peer(this.#options.video);
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const headers = callHeaders(this.#options.extraHeaders);
      if (this.#options.customData !== undefined) headers['VI-CallData'] = String(this.#options.customData);
      this.#client._send(kind, [-1, this.number, true, this.id, null, null, headers, '', pc.localDescription.sdp,
        this.#tracks()]);
    } catch (err) {
      this._closed(500, `media: ${err.message ?? err}`);
    }
  }

  /** Answers an incoming call; options.stream: send this instead of the microphone (and camera). */
  async answer(headers = {}, options = {}) {
    if (!this.incoming || this.state !== 'ALERTING') return;
    if (options.stream) this.#options = { ...this.#options, stream: options.stream };
    const pc = await this.#peer(/m=video/.test(this.#offer ?? ''));
    await pc.setRemoteDescription({ type: 'offer', sdp: this.#offer });
    this.#addRemoteCandidates();
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.#client._send('acceptCall', [this.id, callHeaders(headers), pc.localDescription.sdp, this.#tracks()]);
  }

  /** Declines an incoming call: the caller gets 603. */
  decline(headers = {}) {
    if (!this.incoming || this.state !== 'ALERTING') return;
    this.#client._send('rejectCall', [this.id, false, callHeaders(headers)]);
    this._closed(603, 'Decline', false);
  }

  /** Hangs up (or cancels a call that is still ringing). */
  hangup(headers = {}) {
    if (this.state === 'ENDED') return;
    if (this.incoming && this.state === 'ALERTING') {
      this.#client._send('rejectCall', [this.id, true, callHeaders(headers)]);
      this._closed(487, 'Request Terminated', false);
      return;
    }
    this.#client._send('disconnectCall', [this.id, callHeaders(headers)]);
  }

  /** Sends a DTMF digit in the audio (RFC 4733); signalling only if the browser cannot. */
  sendTone(digit) {
    const sender = this.#pc?.getSenders().find((s) => s.track?.kind === 'audio');
    if (sender?.dtmf?.canInsertDTMF) {
      sender.dtmf.insertDTMF(String(digit), 120, 70);
    } else {
      const d = String(digit);
      this.#client._send('sendDTMF', [this.id, d === '*' ? 10 : d === '#' ? 11 : d]);
    }
  }

  /** A text message to the scenario (CallEvents.MessageReceived there). */
  sendMessage(text) {
    this.#client._send('sendSIPInfo', [this.id, 'application', 'zingaya-im', String(text), {}]);
  }

  /** An INFO with a MIME type, body and X- headers (CallEvents.InfoReceived there). */
  sendInfo(mimeType, body, headers = {}) {
    const [type, subtype = ''] = String(mimeType).split('/');
    this.#client._send('sendSIPInfo', [this.id, type, subtype, String(body), callHeaders(headers)]);
  }

  /** Mutes or unmutes our microphone (nothing is sent while muted). */
  mute(on = true) {
    this.muted = on;
    for (const t of this.#localStream?.getAudioTracks() ?? []) t.enabled = !on;
  }

  /** Puts the call on hold (the scenario gets OnHold) or takes it off hold. */
  hold(on = true) {
    this.onHold = on;
    for (const t of this.#localStream?.getTracks() ?? []) t.enabled = !on && !(t.kind === 'audio' && this.muted);
    this.#client._send(on ? 'hold' : 'unhold', [this.id]);
  }

  _onFrame(name, p) {
    switch (name) {
      case 'handleRingOut':
        this.#released = true; this.#flushCandidates();
        this.emit('ProgressToneStart', {});
        break;
      case 'stopRinging':
        this.#released = true; this.#flushCandidates();
        this.emit('ProgressToneStop', {});
        break;
      case 'startEarlyMedia':
        if (p[1]) this.#pc?.setRemoteDescription({ type: 'answer', sdp: p[1] }).then(() => this.#addRemoteCandidates());
        break;
      case 'handleConnectionConnected': {
        const [headers, sdp] = p;
        const done = () => {
          this.#addRemoteCandidates();
          this.state = 'CONNECTED';
          this.#released = true; this.#flushCandidates();
          this.emit('Connected', { headers: headers ?? {} });
        };
        if (sdp && this.#pc && this.#pc.signalingState === 'have-local-offer') {
          this.#pc.setRemoteDescription({ type: 'answer', sdp }).then(done,
            (err) => { this.hangup(); this._closed(488, `bad answer: ${err.message}`); });
        } else {
          done();
        }
        break;
      }
      case 'handleConnectionFailed':
        this._closed(p[0], p[1], true, p[2] ?? {});
        break;
      case 'handleConnectionDisconnected':
        this.#end();
        this.emit('Disconnected', { headers: p[0] ?? {} });
        break;
      case 'handleSIPInfo': {
        const [type, subtype, body, headers] = p;
        if (type === 'application' && subtype === 'zingaya-im') {
          this.emit('MessageReceived', { text: body });
        } else if (type === 'voximplant' && subtype === 'sdpfrag') {
          try {
            for (const [index, line] of JSON.parse(body)) {
              this.#remoteCandidates.push({ candidate: String(line).replace(/^a=/, ''), sdpMLineIndex: index });
            }
          } catch { /* not a candidate batch */ }
          this.#addRemoteCandidates();
        } else {
          this.emit('InfoReceived', { mimeType: `${type}/${subtype}`, body, headers: headers ?? {} });
        }
        break;
      }
      case 'handleReInvite':
        this.#pc?.setRemoteDescription({ type: 'offer', sdp: p[1] })
          .then(() => this.#pc.createAnswer())
          .then((a) => this.#pc.setLocalDescription(a))
          .then(() => this.#client._send('AcceptReInvite', [this.id, {}, this.#pc.localDescription.sdp, this.#tracks()]))
          .catch(() => this.#client._send('RejectReInvite', [this.id, {}]));
        break;
      case 'handleAcceptReinvite':
        this.#pc?.setRemoteDescription({ type: 'answer', sdp: p[1] }).catch(() => {});
        break;
      default:
        break;
    }
  }

  #end() {
    this.state = 'ENDED';
    this.#pc?.close();
    for (const t of this.#localStream?.getTracks() ?? []) t.stop();
    this.#client._forget(this);
  }

  _closed(code, reason, emit = true, headers = {}) {
    if (this.state === 'ENDED') return;
    this.#end();
    if (emit) this.emit('Failed', { code, reason, headers });
  }
}

export default { Client, Call, AuthError };
