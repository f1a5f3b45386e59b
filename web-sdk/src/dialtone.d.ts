// Types of the Dialtone web SDK (dialtone.js).

export type Handler<E> = (event: E) => void;

declare class Emitter<Events> {
  on<K extends keyof Events>(name: K, fn: Handler<Events[K]>): this;
  off<K extends keyof Events>(name: K, fn: Handler<Events[K]>): this;
  once<K extends keyof Events>(name: K): Promise<Events[K]>;
}

/** A login or token refresh was refused: 401 wrong password/token/key, 403 origin not allowed, 404 no such user,
 * 429 too many failures, 491 already logged in, 500 internal error, 701 token expired. */
export class AuthError extends Error {
  readonly code: number;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token stays valid. */
  accessExpire: number;
  /** Seconds the refresh token stays valid. */
  refreshExpire: number;
}

export interface LoginResult {
  displayName: string;
  tokens: Tokens | null;
  connectionId?: string;
}

export interface LoginOptions {
  /** Ring this page for VoxEngine.callUser(...). */
  receiveCalls?: boolean;
}

export interface CallOptions {
  /** X-… headers (and VI-CallData); they reach the scenario in e.headers. */
  extraHeaders?: Record<string, string>;
  /** Sent as the VI-CallData header. */
  customData?: string;
  /** Also send the camera (peer-to-peer calls). */
  video?: boolean;
  /** Send callConference instead of createCall. */
  conference?: boolean;
  /** Send this stream instead of asking for the microphone (and camera). The call sends copies of its tracks: ending
   *  or muting the call leaves the stream itself running. */
  stream?: MediaStream;
}

export interface ClientEvents {
  ConnectionClosed: { code: number; reason: string };
  /** The connection dropped with calls open; the SDK reconnects and takes them back. */
  Reconnecting: { code: number };
  /** The calls (ids) taken back after a reconnect; others ended with Failed 409. */
  Reconnected: { calls: string[] };
  IncomingCall: { call: Call; headers: Record<string, string>; video: boolean };
}

export class Client extends Emitter<ClientEvents> {
  /** iceTransportPolicy 'relay': media only through the TURN servers of the node's iceConfig. */
  constructor(options?: { server?: string; iceConfig?: RTCConfiguration; iceTransportPolicy?: RTCIceTransportPolicy });
  displayName: string | null;
  tokens: Tokens | null;
  connected: boolean;
  /** Opens wss://<server>/platform; server is host[:port] of the node's HTTPS port. */
  connect(server?: string): Promise<void>;
  disconnect(): void;
  /** user is user@app.account.<domain>. */
  login(user: string, password: string, options?: LoginOptions): Promise<LoginResult>;
  loginWithToken(user: string, accessToken: string, options?: LoginOptions): Promise<LoginResult>;
  /** Resolves with the key; your back end answers MD5(key + "|" + MD5(user + ":voximplant.com:" + password)). */
  requestOneTimeLoginKey(user: string): Promise<string>;
  loginWithOneTimeKey(user: string, hash: string, options?: LoginOptions): Promise<LoginResult>;
  refreshTokens(user: string, refreshToken: string): Promise<Tokens>;
  call(number: string, options?: CallOptions): Call;
  rtcConfiguration(): RTCConfiguration;
}

export interface CallEvents {
  ProgressToneStart: {};
  ProgressToneStop: {};
  Connected: { headers: Record<string, string> };
  Disconnected: { headers: Record<string, string> };
  Failed: { code: number; reason: string; headers: Record<string, string> };
  MessageReceived: { text: string };
  InfoReceived: { mimeType: string; body: string; headers: Record<string, string> };
  RemoteMediaAdded: { stream: MediaStream; element: HTMLMediaElement | null };
  LocalMediaAdded: { stream: MediaStream };
}

export type CallState = 'ALERTING' | 'PROGRESSING' | 'CONNECTED' | 'ENDED';

export class Call extends Emitter<CallEvents> {
  readonly id: string;
  readonly number: string;
  readonly incoming: boolean;
  readonly displayName: string | null;
  readonly headers: Record<string, string>;
  state: CallState;
  remoteStream: MediaStream | null;
  /** An autoplaying <audio> or <video> element with the far end; add it to the page to show video. */
  element: HTMLMediaElement | null;
  muted: boolean;
  onHold: boolean;
  /** The call's RTCPeerConnection (e.g. for getStats()), once media started. */
  readonly peerConnection: RTCPeerConnection | null;
  /** Whether the call sends (and shows) video: element is then a <video>. */
  video: boolean;
  /** options.stream: send this instead of the microphone (and camera). */
  answer(headers?: Record<string, string>, options?: { stream?: MediaStream }): Promise<void>;
  decline(headers?: Record<string, string>): void;
  hangup(headers?: Record<string, string>): void;
  sendTone(digit: string): void;
  sendMessage(text: string): void;
  sendInfo(mimeType: string, body: string, headers?: Record<string, string>): void;
  mute(on?: boolean): void;
  hold(on?: boolean): void;
}

declare const _default: { Client: typeof Client; Call: typeof Call; AuthError: typeof AuthError };
export default _default;
